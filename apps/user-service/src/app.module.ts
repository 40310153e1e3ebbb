import { Module } from '@nestjs/common';
import { PlatformModule } from '@taskhub/platform-http';
import { USER_DATABASE } from './database/user-database';
import { PreferencesModule } from './preferences/preferences.module';
import { AccountEventHandlers } from './profiles/messaging/account-events.handlers';
import { ProfilesModule } from './profiles/profiles.module';

/**
 * Composition root of the user service: the platform (database, Redis, RabbitMQ, token verification, health,
 * metrics, the outbox relay for the user.* events, and the consumer of auth's account events), then its features.
 */
@Module({
  imports: [
    PlatformModule.forRoot({
      database: USER_DATABASE,
      outbox: true,
      consumers: [{ queue: 'user.accounts', handler: AccountEventHandlers }],
    }),
    ProfilesModule,
    PreferencesModule,
  ],
})
export class AppModule {}
