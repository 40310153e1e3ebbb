import { Module } from '@nestjs/common';
import { AccountEventHandlers } from './messaging/account-events.handlers';
import { ProfileRepository } from './profile.repository';
import { ProfilesController } from './profiles.controller';
import { ProfilesService } from './profiles.service';

@Module({
  controllers: [ProfilesController],
  providers: [ProfileRepository, ProfilesService, AccountEventHandlers],
  exports: [ProfileRepository],
})
export class ProfilesModule {}
