import { IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';
import { TASK_STATUSES, type TaskStatus } from '../task-shared/task-values.v1';

export class TaskTaskStatusChangedV1 {
  @IsUUID()
  readonly taskId!: string;

  @IsUUID()
  readonly projectId!: string;

  @Matches(/^[A-Z][A-Z0-9]{1,9}-\d+$/)
  readonly key!: string;

  @IsString()
  @Length(1, 200)
  readonly title!: string;

  @IsIn(TASK_STATUSES)
  readonly from!: TaskStatus;

  @IsIn(TASK_STATUSES)
  readonly to!: TaskStatus;

  @IsUUID()
  readonly changedBy!: string;
}

export const TASK_TASK_STATUS_CHANGED_V1 = defineEvent({
  type: 'task.task.status_changed',
  version: 1,
  data: TaskTaskStatusChangedV1,
  description: "A task's status changed.",
  consumers: ['notification'],
});
