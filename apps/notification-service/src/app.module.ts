import { Module } from '@nestjs/common';
import { PlatformModule } from '@taskhub/platform-http';
import { NOTIFICATION_DATABASE } from './database/notification-database';
import { EmailModule } from './email/email.module';
import { EmailEventHandlers } from './email/messaging/email-events.handlers';
import { UserEventHandlers } from './people/messaging/user-events.handlers';
import { PeopleModule } from './people/people.module';

/** Prefetch of the e-mail queue: scheduling is a few inserts per event; the sending happens apart (EmailSender). */
const EMAIL_PREFETCH = 10;

/**
 * Composition root of the notification service: the platform (database, Redis, RabbitMQ, health, metrics, and the
 * consumers: the user service's events for local copies of people and their preferences; the events that become
 * e-mails), then features.
 */
@Module({
  imports: [
    PlatformModule.forRoot({
      database: NOTIFICATION_DATABASE,
      consumers: [
        { queue: 'notification.people', handler: UserEventHandlers },
        { queue: 'notification.email', handler: EmailEventHandlers, prefetch: EMAIL_PREFETCH },
      ],
    }),
    PeopleModule,
    EmailModule,
  ],
})
export class AppModule {}
