import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';
import { PROJECT_ROLES, type ProjectRole } from '../task-shared/task-values.v1';

export class TaskProjectMemberAddedV1 {
  @IsUUID()
  readonly projectId!: string;

  @IsString()
  @Length(1, 100)
  readonly projectName!: string;

  @IsUUID()
  readonly userId!: string;

  @IsIn(PROJECT_ROLES)
  readonly role!: ProjectRole;

  @IsUUID()
  readonly addedBy!: string;
}

export const TASK_PROJECT_MEMBER_ADDED_V1 = defineEvent({
  type: 'task.project.member_added',
  version: 1,
  data: TaskProjectMemberAddedV1,
  description: 'Someone was added to a project (by one of its owners), with a role.',
  consumers: ['notification'],
});
