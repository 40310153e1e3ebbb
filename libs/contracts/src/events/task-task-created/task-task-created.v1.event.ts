import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsString, IsUUID, Length, Matches, Min, ValidateIf } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';
import { TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from '../task-shared/task-values.v1';

export class TaskTaskCreatedV1 {
  @IsUUID()
  readonly taskId!: string;

  @IsUUID()
  readonly projectId!: string;

  /** per project, from 1, no gaps */
  @IsInt()
  @Min(1)
  readonly number!: number;

  /** `<project key>-<number>`, e.g. WEB-42 */
  @Matches(/^[A-Z][A-Z0-9]{1,9}-\d+$/)
  readonly key!: string;

  @IsString()
  @Length(1, 200)
  readonly title!: string;

  @IsIn(TASK_STATUSES)
  readonly status!: TaskStatus;

  @IsIn(TASK_PRIORITIES)
  readonly priority!: TaskPriority;

  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  readonly assigneeIds!: string[];

  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  readonly labelIds!: string[];

  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  readonly parentId!: string | null;

  @ValidateIf((_, value) => value !== null)
  @IsISO8601({ strict: true })
  readonly dueAt!: string | null;

  @IsUUID()
  readonly createdBy!: string;
}

export const TASK_TASK_CREATED_V1 = defineEvent({
  type: 'task.task.created',
  version: 1,
  data: TaskTaskCreatedV1,
  description: 'A task was created in a project.',
  consumers: ['notification'],
});
