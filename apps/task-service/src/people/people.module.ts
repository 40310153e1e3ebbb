import { Module } from '@nestjs/common';
import { ProfileEventHandlers } from './messaging/profile-events.handlers';
import { PersonRepository } from './person.repository';

@Module({
  providers: [PersonRepository, ProfileEventHandlers],
  exports: [PersonRepository],
})
export class PeopleModule {}
