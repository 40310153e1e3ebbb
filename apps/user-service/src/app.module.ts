import { Module } from '@nestjs/common';
import { PlatformModule } from '@taskhub/platform-http';
import { USER_MIGRATIONS } from './database/migrations';

/** Composition root of the user service: the platform (database, Redis, RabbitMQ, health, metrics), then features. */
@Module({
  imports: [PlatformModule.forRoot({ database: { migrations: USER_MIGRATIONS } })],
})
export class AppModule {}
