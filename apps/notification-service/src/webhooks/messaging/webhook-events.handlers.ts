import { Injectable } from '@nestjs/common';
import {
  TASK_COMMENT_ADDED_V1,
  TASK_PROJECT_CREATED_V1,
  TASK_PROJECT_MEMBER_ADDED_V1,
  TASK_PROJECT_MEMBER_REMOVED_V1,
  TASK_TASK_ASSIGNED_V1,
  TASK_TASK_DUE_SOON_V1,
  TASK_TASK_STATUS_CHANGED_V1,
  type TaskCommentAddedV1,
  type TaskProjectCreatedV1,
  type TaskProjectMemberAddedV1,
  type TaskProjectMemberRemovedV1,
  type TaskTaskAssignedV1,
  type TaskTaskDueSoonV1,
  type TaskTaskStatusChangedV1,
} from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { ProjectOwnerRepository } from '../../projects/project-owner.repository';
import { TaskWatchRepository } from '../../task-watch/task-watch.repository';
import { WebhookFanout } from '../delivery/webhook-fanout';

/**
 * Queue `notification.webhooks` (default priority, its own prefetch): the events webhooks deliver, turned into
 * scheduled deliveries (the sender loop makes the HTTP calls, never this consumer), and the project events that keep
 * the read model of project owners.
 */
@Injectable()
export class WebhookEventHandlers {
  constructor(
    private readonly fanout: WebhookFanout,
    private readonly owners: ProjectOwnerRepository,
    private readonly tasks: TaskWatchRepository,
  ) {}

  @HandleEvent(TASK_TASK_ASSIGNED_V1)
  async assigned(data: TaskTaskAssignedV1, { manager, envelope }: EventContext<TaskTaskAssignedV1>): Promise<void> {
    await this.fanout.fanOut(manager, { type: 'task.task.assigned', data }, envelope);
  }

  @HandleEvent(TASK_TASK_STATUS_CHANGED_V1)
  async statusChanged(data: TaskTaskStatusChangedV1, { manager, envelope }: EventContext<TaskTaskStatusChangedV1>): Promise<void> {
    const task = await this.tasks.watchers(manager, data.taskId);
    await this.fanout.fanOut(manager, { type: 'task.task.status_changed', data, task }, envelope);
  }

  @HandleEvent(TASK_COMMENT_ADDED_V1)
  async commentAdded(data: TaskCommentAddedV1, { manager, envelope }: EventContext<TaskCommentAddedV1>): Promise<void> {
    const task = await this.tasks.watchers(manager, data.taskId);
    await this.fanout.fanOut(manager, { type: 'task.comment.added', data, task }, envelope);
  }

  @HandleEvent(TASK_TASK_DUE_SOON_V1)
  async dueSoon(data: TaskTaskDueSoonV1, { manager, envelope }: EventContext<TaskTaskDueSoonV1>): Promise<void> {
    await this.fanout.fanOut(manager, { type: 'task.task.due_soon', data }, envelope);
  }

  @HandleEvent(TASK_PROJECT_CREATED_V1)
  created(data: TaskProjectCreatedV1, { manager }: EventContext<TaskProjectCreatedV1>): Promise<void> {
    return this.owners.add(manager, data.projectId, data.ownerId);
  }

  /** An owner added counts as one before the event is delivered: the event goes to the project's webhooks too. */
  @HandleEvent(TASK_PROJECT_MEMBER_ADDED_V1)
  async memberAdded(data: TaskProjectMemberAddedV1, { manager, envelope }: EventContext<TaskProjectMemberAddedV1>): Promise<void> {
    if (data.role === 'owner') await this.owners.add(manager, data.projectId, data.userId);
    await this.fanout.fanOut(manager, { type: 'task.project.member_added', data }, envelope);
  }

  @HandleEvent(TASK_PROJECT_MEMBER_REMOVED_V1)
  memberRemoved(data: TaskProjectMemberRemovedV1, { manager }: EventContext<TaskProjectMemberRemovedV1>): Promise<void> {
    return this.owners.remove(manager, data.projectId, data.userId);
  }
}
