import { Module } from '@nestjs/common';
import { PlatformModule } from '@taskhub/platform-http';
import { TASK_MIGRATIONS } from './database/migrations';

/** Composition root of the task service: the platform (database, Redis, RabbitMQ, health, metrics), then features. */
@Module({
  imports: [PlatformModule.forRoot({ database: { migrations: TASK_MIGRATIONS } })],
})
export class AppModule {}
