import { Module } from '@nestjs/common';
import { PlatformModule } from '@taskhub/platform-http';
import { TASK_DATABASE } from './database/task-database';
import { ProfileEventHandlers } from './people/messaging/profile-events.handlers';
import { PeopleModule } from './people/people.module';

/**
 * Composition root of the task service: the platform (database, Redis, RabbitMQ, health, metrics, and the consumer
 * of the user service's profile events: the local read model of people), then features.
 */
@Module({
  imports: [
    PlatformModule.forRoot({ database: TASK_DATABASE, consumers: [{ queue: 'task.people', handler: ProfileEventHandlers }] }),
    PeopleModule,
  ],
})
export class AppModule {}
