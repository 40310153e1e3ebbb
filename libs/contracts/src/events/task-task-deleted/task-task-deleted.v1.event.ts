import { IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class TaskTaskDeletedV1 {
  @IsUUID()
  readonly taskId!: string;

  @IsUUID()
  readonly projectId!: string;

  @IsUUID()
  readonly deletedBy!: string;

  /** until then it can be restored (POST /tasks/:id/restore) */
  @IsISO8601({ strict: true })
  readonly restorableUntil!: string;
}

export const TASK_TASK_DELETED_V1 = defineEvent({
  type: 'task.task.deleted',
  version: 1,
  data: TaskTaskDeletedV1,
  description: 'A task was deleted (softly: restorable for 30 days).',
  consumers: ['notification'],
});
