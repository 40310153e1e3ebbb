import { Injectable } from '@nestjs/common';
import {
  TASK_COMMENT_ADDED_V1,
  TASK_PROJECT_MEMBER_ADDED_V1,
  TASK_TASK_ASSIGNED_V1,
  TASK_TASK_CREATED_V1,
  TASK_TASK_DELETED_V1,
  TASK_TASK_DUE_SOON_V1,
  TASK_TASK_STATUS_CHANGED_V1,
  TASK_TASK_UPDATED_V1,
  type TaskCommentAddedV1,
  type TaskProjectMemberAddedV1,
  type TaskTaskAssignedV1,
  type TaskTaskCreatedV1,
  type TaskTaskDeletedV1,
  type TaskTaskDueSoonV1,
  type TaskTaskStatusChangedV1,
  type TaskTaskUpdatedV1,
} from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { TaskWatchRepository } from '../../task-watch/task-watch.repository';
import { watchedChange } from '../../task-watch/watched-change';
import { Notifier } from '../notifier';

/**
 * Queue `notification.inbox` (high priority: its own channel and prefetch): the task service's events, kept in the
 * read model of tasks and turned into in-app notifications. The inbox applies each event once.
 */
@Injectable()
export class TaskEventHandlers {
  constructor(
    private readonly watch: TaskWatchRepository,
    private readonly notifier: Notifier,
  ) {}

  @HandleEvent(TASK_TASK_CREATED_V1)
  created(data: TaskTaskCreatedV1, { manager }: EventContext<TaskTaskCreatedV1>): Promise<void> {
    return this.watch.created(manager, data);
  }

  @HandleEvent(TASK_TASK_UPDATED_V1)
  async updated(data: TaskTaskUpdatedV1, { manager }: EventContext<TaskTaskUpdatedV1>): Promise<void> {
    const change = watchedChange(data);
    if (change) await this.watch.updated(manager, change);
  }

  @HandleEvent(TASK_TASK_DELETED_V1)
  deleted(data: TaskTaskDeletedV1, { manager }: EventContext<TaskTaskDeletedV1>): Promise<void> {
    return this.watch.deleted(manager, data);
  }

  @HandleEvent(TASK_TASK_ASSIGNED_V1)
  async assigned(data: TaskTaskAssignedV1, { manager, envelope }: EventContext<TaskTaskAssignedV1>): Promise<void> {
    await this.watch.assigned(manager, data);
    await this.notifier.notify(manager, { type: 'task.task.assigned', data }, envelope.id);
  }

  @HandleEvent(TASK_TASK_STATUS_CHANGED_V1)
  async statusChanged(data: TaskTaskStatusChangedV1, { manager, envelope }: EventContext<TaskTaskStatusChangedV1>): Promise<void> {
    const task = await this.watch.watchers(manager, data.taskId);
    await this.notifier.notify(manager, { type: 'task.task.status_changed', data, task }, envelope.id);
  }

  @HandleEvent(TASK_COMMENT_ADDED_V1)
  async commentAdded(data: TaskCommentAddedV1, { manager, envelope }: EventContext<TaskCommentAddedV1>): Promise<void> {
    const task = await this.watch.watchers(manager, data.taskId);
    await this.notifier.notify(manager, { type: 'task.comment.added', data, task }, envelope.id);
  }

  @HandleEvent(TASK_TASK_DUE_SOON_V1)
  dueSoon(data: TaskTaskDueSoonV1, { manager, envelope }: EventContext<TaskTaskDueSoonV1>): Promise<void> {
    return this.notifier.notify(manager, { type: 'task.task.due_soon', data }, envelope.id);
  }

  @HandleEvent(TASK_PROJECT_MEMBER_ADDED_V1)
  memberAdded(data: TaskProjectMemberAddedV1, { manager, envelope }: EventContext<TaskProjectMemberAddedV1>): Promise<void> {
    return this.notifier.notify(manager, { type: 'task.project.member_added', data }, envelope.id);
  }
}
