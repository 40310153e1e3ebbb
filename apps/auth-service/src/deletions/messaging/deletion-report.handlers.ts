import { Injectable } from '@nestjs/common';
import {
  NOTIFICATION_PERSON_ERASED_V1,
  type NotificationPersonErasedV1,
  TASK_PERSON_ERASED_V1,
  type TaskPersonErasedV1,
  USER_PROFILE_ERASED_V1,
  type UserProfileErasedV1,
} from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { DeletionProgress } from '../deletion-progress';

/** Queue `auth.deletions`: each service's report of its deletion step, applied once (inbox) to the saga. */
@Injectable()
export class DeletionReportHandlers {
  constructor(private readonly progress: DeletionProgress) {}

  @HandleEvent(TASK_PERSON_ERASED_V1)
  task(data: TaskPersonErasedV1, { manager }: EventContext<TaskPersonErasedV1>): Promise<void> {
    return this.progress.reported(manager, 'task', data);
  }

  @HandleEvent(NOTIFICATION_PERSON_ERASED_V1)
  notification(data: NotificationPersonErasedV1, { manager }: EventContext<NotificationPersonErasedV1>): Promise<void> {
    return this.progress.reported(manager, 'notification', data);
  }

  @HandleEvent(USER_PROFILE_ERASED_V1)
  profile(data: UserProfileErasedV1, { manager }: EventContext<UserProfileErasedV1>): Promise<void> {
    return this.progress.reported(manager, 'profile', data);
  }
}
