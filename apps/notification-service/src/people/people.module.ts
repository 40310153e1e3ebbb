import { Module } from '@nestjs/common';
import { UserEventHandlers } from './messaging/user-events.handlers';
import { PersonRepository } from './person.repository';

@Module({
  providers: [PersonRepository, UserEventHandlers],
  exports: [PersonRepository],
})
export class PeopleModule {}
