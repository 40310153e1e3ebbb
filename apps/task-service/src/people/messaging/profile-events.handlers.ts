import { Injectable } from '@nestjs/common';
import { USER_PROFILE_CREATED_V1, USER_PROFILE_UPDATED_V1, type UserProfileCreatedV1, type UserProfileUpdatedV1 } from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { PersonRepository } from '../person.repository';

/** Queue `task.people`: the user service's profile events, kept as the local read model of people. */
@Injectable()
export class ProfileEventHandlers {
  constructor(private readonly people: PersonRepository) {}

  @HandleEvent(USER_PROFILE_CREATED_V1)
  created(data: UserProfileCreatedV1, { manager }: EventContext<UserProfileCreatedV1>): Promise<void> {
    return this.people.upsertNewer(manager, data);
  }

  @HandleEvent(USER_PROFILE_UPDATED_V1)
  updated(data: UserProfileUpdatedV1, { manager }: EventContext<UserProfileUpdatedV1>): Promise<void> {
    return this.people.upsertNewer(manager, data);
  }
}
