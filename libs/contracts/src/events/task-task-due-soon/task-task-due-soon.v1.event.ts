import { ArrayUnique, IsArray, IsIn, IsISO8601, IsString, IsUUID, Length, Matches } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

/** How long before the due date a reminder is sent. */
export const DUE_SOON_WINDOWS = ['24h', '1h'] as const;
export type DueSoonWindow = (typeof DUE_SOON_WINDOWS)[number];

export class TaskTaskDueSoonV1 {
  @IsUUID()
  readonly taskId!: string;

  @IsUUID()
  readonly projectId!: string;

  @Matches(/^[A-Z][A-Z0-9]{1,9}-\d+$/)
  readonly key!: string;

  @IsString()
  @Length(1, 200)
  readonly title!: string;

  /** the due date this reminder is for: a moved due date gets its own reminders */
  @IsISO8601({ strict: true })
  readonly dueAt!: string;

  @IsIn(DUE_SOON_WINDOWS)
  readonly window!: DueSoonWindow;

  /** the task's assignees when the reminder was sent (may be empty) */
  @IsArray()
  @ArrayUnique()
  @IsUUID('all', { each: true })
  readonly assigneeIds!: string[];
}

export const TASK_TASK_DUE_SOON_V1 = defineEvent({
  type: 'task.task.due_soon',
  version: 1,
  data: TaskTaskDueSoonV1,
  description: 'An open task is due within 24 hours or within 1 hour: once per task, due date and window.',
  consumers: ['notification'],
});
