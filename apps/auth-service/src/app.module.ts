import { Module } from '@nestjs/common';
import { PlatformModule } from '@taskhub/platform-http';
import { AUTH_MIGRATIONS } from './database/migrations';

/**
 * Composition root of the auth service: the platform (database, Redis, RabbitMQ, health, metrics, and the outbox relay:
 * auth produces the auth.* events), then features.
 */
@Module({
  imports: [PlatformModule.forRoot({ database: { migrations: AUTH_MIGRATIONS }, outbox: true })],
})
export class AppModule {}
