import { Module } from '@nestjs/common';
import { PlatformModule } from '@taskhub/platform-http';
import { NOTIFICATION_DATABASE } from './database/notification-database';
import { UserEventHandlers } from './people/messaging/user-events.handlers';
import { PeopleModule } from './people/people.module';

/**
 * Composition root of the notification service: the platform (database, Redis, RabbitMQ, health, metrics, and the
 * consumer of the user service's events: local copies of people and their preferences), then features.
 */
@Module({
  imports: [
    PlatformModule.forRoot({ database: NOTIFICATION_DATABASE, consumers: [{ queue: 'notification.people', handler: UserEventHandlers }] }),
    PeopleModule,
  ],
})
export class AppModule {}
