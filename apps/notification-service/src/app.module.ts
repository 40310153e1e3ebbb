import { Module } from '@nestjs/common';
import { PlatformModule } from '@taskhub/platform-http';
import { NOTIFICATION_MIGRATIONS } from './database/migrations';

/** Composition root of the notification service: the platform (database, Redis, RabbitMQ, health, metrics), then features. */
@Module({
  imports: [PlatformModule.forRoot({ database: { migrations: NOTIFICATION_MIGRATIONS } })],
})
export class AppModule {}
