import { ArrayMinSize, IsArray, IsString, IsUUID, Length, Matches } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class TaskTaskAssignedV1 {
  @IsUUID()
  readonly taskId!: string;

  @IsUUID()
  readonly projectId!: string;

  @Matches(/^[A-Z][A-Z0-9]{1,9}-\d+$/)
  readonly key!: string;

  @IsString()
  @Length(1, 200)
  readonly title!: string;

  /** who was added as an assignee by this change (not those already assigned) */
  @IsArray()
  @ArrayMinSize(1)
  @IsUUID('all', { each: true })
  readonly assigneeIds!: string[];

  @IsUUID()
  readonly assignedBy!: string;
}

export const TASK_TASK_ASSIGNED_V1 = defineEvent({
  type: 'task.task.assigned',
  version: 1,
  data: TaskTaskAssignedV1,
  description: 'People were assigned to a task (at its creation or later), by someone.',
  consumers: ['notification'],
});
