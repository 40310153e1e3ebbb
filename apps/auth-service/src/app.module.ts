import { Module } from '@nestjs/common';
import { PlatformModule } from '@taskhub/platform-http';
import { AccountsModule } from './accounts/accounts.module';
import { AdminModule } from './admin/admin.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AUTH_DATABASE } from './database/auth-database';
import { DeletionReportHandlers } from './deletions/messaging/deletion-report.handlers';
import { DeletionsModule } from './deletions/deletions.module';
import { EmailChangeModule } from './email-change/email-change.module';
import { KeysModule } from './keys/keys.module';
import { PasswordsModule } from './passwords/passwords.module';
import { DataExportRequestedHandler } from './personal-data/messaging/data-export-requested.handler';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { SessionsModule } from './sessions/sessions.module';
import { EmailVerificationModule } from './verification/email-verification.module';

/**
 * Composition root of the auth service: the platform (database, Redis, RabbitMQ, token verification, health,
 * metrics, the outbox relay: auth produces the auth.* events, and the consumers of personal data export requests and
 * of the deletion saga's reports on `auth.deletions`), then its features.
 */
@Module({
  imports: [
    PlatformModule.forRoot({
      database: AUTH_DATABASE,
      outbox: true,
      consumers: [
        { queue: 'auth.personal-data', handler: DataExportRequestedHandler },
        { queue: 'auth.deletions', handler: DeletionReportHandlers },
      ],
    }),
    KeysModule,
    AccountsModule,
    SessionsModule,
    PasswordsModule,
    ApiKeysModule,
    AdminModule,
    EmailVerificationModule,
    EmailChangeModule,
    PersonalDataModule,
    DeletionsModule,
  ],
})
export class AppModule {}
