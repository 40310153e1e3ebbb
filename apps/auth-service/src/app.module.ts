import { Module } from '@nestjs/common';
import { PlatformModule } from '@taskhub/platform-http';
import { AccountsModule } from './accounts/accounts.module';
import { AdminModule } from './admin/admin.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AUTH_DATABASE } from './database/auth-database';
import { KeysModule } from './keys/keys.module';
import { PasswordsModule } from './passwords/passwords.module';
import { DataExportRequestedHandler } from './personal-data/messaging/data-export-requested.handler';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { SessionsModule } from './sessions/sessions.module';

/**
 * Composition root of the auth service: the platform (database, Redis, RabbitMQ, token verification, health,
 * metrics, the outbox relay: auth produces the auth.* events, and the consumer of personal data export requests),
 * then its features.
 */
@Module({
  imports: [
    PlatformModule.forRoot({ database: AUTH_DATABASE, outbox: true, consumers: [{ queue: 'auth.personal-data', handler: DataExportRequestedHandler }] }),
    KeysModule,
    AccountsModule,
    SessionsModule,
    PasswordsModule,
    ApiKeysModule,
    AdminModule,
    PersonalDataModule,
  ],
})
export class AppModule {}
