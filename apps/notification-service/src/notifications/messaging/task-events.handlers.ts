import { Injectable } from '@nestjs/common';
import {
  TASK_TASK_ASSIGNED_V1,
  TASK_TASK_CREATED_V1,
  TASK_TASK_DELETED_V1,
  TASK_TASK_UPDATED_V1,
  type TaskTaskAssignedV1,
  type TaskTaskCreatedV1,
  type TaskTaskDeletedV1,
  type TaskTaskUpdatedV1,
} from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { TaskWatchRepository } from '../../task-watch/task-watch.repository';
import { watchedChange } from '../../task-watch/watched-change';

/**
 * Queue `notification.inbox` (high priority: its own channel and prefetch): the task service's events, kept in the
 * read model of tasks and turned into in-app notifications.
 */
@Injectable()
export class TaskEventHandlers {
  constructor(private readonly watch: TaskWatchRepository) {}

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
  assigned(data: TaskTaskAssignedV1, { manager }: EventContext<TaskTaskAssignedV1>): Promise<void> {
    return this.watch.assigned(manager, data);
  }
}
