import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { TaskWatchModule } from '../task-watch/task-watch.module';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';
import { TaskEventHandlers } from './messaging/task-events.handlers';
import { NotificationFeed } from './notification-feed';
import { NotificationPurgeJob } from './notification-purge.job';
import { NotificationRepository } from './notification.repository';
import { Notifier } from './notifier';

/** In-app notifications: made from the task events (Notifier), read through the inbox API, purged once read and old. */
@Module({
  imports: [PeopleModule, TaskWatchModule],
  controllers: [InboxController],
  providers: [TaskEventHandlers, Notifier, NotificationRepository, NotificationFeed, InboxService, NotificationPurgeJob],
  exports: [NotificationRepository, NotificationFeed],
})
export class NotificationsModule {}
