import { IsUUID } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class TaskProjectMemberRemovedV1 {
  @IsUUID()
  readonly projectId!: string;

  @IsUUID()
  readonly userId!: string;

  @IsUUID()
  readonly removedBy!: string;
}

export const TASK_PROJECT_MEMBER_REMOVED_V1 = defineEvent({
  type: 'task.project.member_removed',
  version: 1,
  data: TaskProjectMemberRemovedV1,
  description: 'Someone left a project or was removed from it; they were unassigned from its tasks.',
  consumers: ['notification'],
});
