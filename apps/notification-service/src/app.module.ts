import { Module } from '@nestjs/common';
import { PlatformModule } from '@taskhub/platform-http';
import { NOTIFICATION_DATABASE } from './database/notification-database';
import { EmailModule } from './email/email.module';
import { EmailEventHandlers } from './email/messaging/email-events.handlers';
import { ErasureModule } from './erasure/erasure.module';
import { DeletionEventHandlers } from './erasure/messaging/deletion-events.handlers';
import { TaskEventHandlers } from './notifications/messaging/task-events.handlers';
import { NotificationStreamModule } from './notification-stream/notification-stream.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PeopleEventHandlers } from './people/messaging/people-events.handlers';
import { PeopleModule } from './people/people.module';
import { DataExportRequestedHandler } from './personal-data/messaging/data-export-requested.handler';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { WebhookEventHandlers } from './webhooks/messaging/webhook-events.handlers';
import { WebhooksModule } from './webhooks/webhooks.module';

/** High priority: in-app notifications get their own channel and a larger prefetch than the other queues. */
const INBOX_PREFETCH = 50;
/**
 * One batch of the inbox at a time: its handlers lock a task's read-model row, then its recipients (in id order), in
 * event order, so two batches at once deadlocked under load (Postgres aborts one after deadlock_timeout, 1 s, and its
 * events are applied again one by one): docs/performance.md, "Row 6: deadlocks in the notification inbox".
 */
const INBOX_CONCURRENT_BATCHES = 1;
const PEOPLE_PREFETCH = 20;
/** Default priority: scheduling an e-mail is a few inserts per event; the sending happens apart (EmailSender). */
const EMAIL_PREFETCH = 10;
/** Default priority: the webhooks' consumer only schedules deliveries (the sender loop sends them), on its own channel. */
const WEBHOOKS_PREFETCH = 20;
/** Low volume: an export request reads one person's notifications and webhooks. */
const PERSONAL_DATA_PREFETCH = 2;
/** Account deletions: rare and heavy (one transaction over every table), one at a time. */
const ERASURE_PREFETCH = 1;

/**
 * Composition root of the notification service: the platform (database, Redis, RabbitMQ, health, metrics, and the
 * consumers: `notification.people` keeps local copies of people and their preferences, `notification.inbox` the read
 * model of tasks and the in-app notifications, `notification.email` the events that become e-mails,
 * `notification.webhooks` the webhook deliveries and project owners, `notification.personal-data` export requests,
 * `notification.erasure` account deletions), the outbox relay (notification.personal_data.exported.v1,
 * notification.person.erased.v1), then features (the live stream reads what the in-app channel writes).
 * PROCESS_ROLE splits it (docs/deployment.md, "Queue-driven autoscaling"): `worker` processes consume the worker queues
 * `notification.email` and `notification.webhooks` and run the e-mail sender, the digest job and the webhook sender;
 * `api` processes serve HTTP, consume the other four queues, run the purge and the outbox relay, and only declare the
 * worker queues; `all` (the default) runs both.
 */
@Module({
  imports: [
    PlatformModule.forRoot({
      database: NOTIFICATION_DATABASE,
      outbox: true,
      consumers: [
        { queue: 'notification.inbox', handler: TaskEventHandlers, prefetch: INBOX_PREFETCH, maxConcurrentBatches: INBOX_CONCURRENT_BATCHES },
        { queue: 'notification.people', handler: PeopleEventHandlers, prefetch: PEOPLE_PREFETCH },
        { queue: 'notification.email', handler: EmailEventHandlers, prefetch: EMAIL_PREFETCH, worker: true },
        { queue: 'notification.webhooks', handler: WebhookEventHandlers, prefetch: WEBHOOKS_PREFETCH, worker: true },
        { queue: 'notification.personal-data', handler: DataExportRequestedHandler, prefetch: PERSONAL_DATA_PREFETCH },
        { queue: 'notification.erasure', handler: DeletionEventHandlers, prefetch: ERASURE_PREFETCH },
      ],
    }),
    PeopleModule,
    NotificationsModule,
    EmailModule,
    WebhooksModule,
    NotificationStreamModule,
    PersonalDataModule,
    ErasureModule,
  ],
})
export class AppModule {}
