import { Injectable } from '@nestjs/common';
import {
  USER_PREFERENCES_UPDATED_V1,
  USER_PROFILE_CREATED_V1,
  USER_PROFILE_UPDATED_V1,
  type UserPreferencesUpdatedV1,
  type UserProfileCreatedV1,
  type UserProfileUpdatedV1,
} from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { PersonRepository } from '../person.repository';

/** Queue `notification.people`: the user service's profile and preference events, kept as local copies. */
@Injectable()
export class UserEventHandlers {
  constructor(private readonly people: PersonRepository) {}

  @HandleEvent(USER_PROFILE_CREATED_V1)
  created(data: UserProfileCreatedV1, { manager }: EventContext<UserProfileCreatedV1>): Promise<void> {
    return this.people.upsertProfile(manager, data);
  }

  @HandleEvent(USER_PROFILE_UPDATED_V1)
  updated(data: UserProfileUpdatedV1, { manager }: EventContext<UserProfileUpdatedV1>): Promise<void> {
    return this.people.upsertProfile(manager, data);
  }

  @HandleEvent(USER_PREFERENCES_UPDATED_V1)
  preferences(data: UserPreferencesUpdatedV1, { manager }: EventContext<UserPreferencesUpdatedV1>): Promise<void> {
    return this.people.upsertPreferences(manager, data);
  }
}
