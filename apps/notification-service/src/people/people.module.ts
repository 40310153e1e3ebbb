import { Module } from '@nestjs/common';
import { PeopleEventHandlers } from './messaging/people-events.handlers';
import { PersonRepository } from './person.repository';

@Module({
  providers: [PersonRepository, PeopleEventHandlers],
  exports: [PersonRepository],
})
export class PeopleModule {}
