import { Module } from '@nestjs/common';
import { PlatformModule } from '@taskhub/platform-http';
import { USER_DATABASE } from './database/user-database';
import { PersonalDataPartsHandlers } from './personal-data/messaging/personal-data-parts.handlers';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { PreferencesModule } from './preferences/preferences.module';
import { AccountEventHandlers } from './profiles/messaging/account-events.handlers';
import { ProfilesModule } from './profiles/profiles.module';

/**
 * Composition root of the user service: the platform (database, Redis, RabbitMQ, token verification, health,
 * metrics, the outbox relay for the user.* events, the consumer of auth's account events and that of the personal data
 * export's pieces), then its features.
 */
@Module({
  imports: [
    PlatformModule.forRoot({
      database: USER_DATABASE,
      outbox: true,
      consumers: [
        { queue: 'user.accounts', handler: AccountEventHandlers },
        { queue: 'user.personal-data', handler: PersonalDataPartsHandlers },
      ],
    }),
    ProfilesModule,
    PreferencesModule,
    PersonalDataModule,
  ],
})
export class AppModule {}
