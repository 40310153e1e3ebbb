import { Allow, IsString, Length } from 'class-validator';

export const PROJECT_ROLES = ['owner', 'editor', 'viewer'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];
export const TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** One changed field: its name, and its value before and after (JSON values: ids, strings, numbers, lists, null). */
export class FieldChangeV1 {
  @IsString()
  @Length(1, 50)
  readonly field!: string;

  @Allow()
  readonly old!: unknown;

  @Allow()
  readonly new!: unknown;
}
