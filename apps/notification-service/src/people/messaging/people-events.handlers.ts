import { Injectable } from '@nestjs/common';
import {
  AUTH_USER_DISABLED_V1,
  AUTH_USER_EMAIL_CHANGED_V1,
  AUTH_USER_REGISTERED_V1,
  type AuthUserDisabledV1,
  type AuthUserEmailChangedV1,
  type AuthUserRegisteredV1,
  USER_PREFERENCES_UPDATED_V1,
  USER_PROFILE_CREATED_V1,
  USER_PROFILE_UPDATED_V1,
  type UserPreferencesUpdatedV1,
  type UserProfileCreatedV1,
  type UserProfileUpdatedV1,
} from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { PersonRepository } from '../person.repository';

/** Queue `notification.people`: auth's account events and the user service's profile and preference events, kept as local copies. */
@Injectable()
export class PeopleEventHandlers {
  constructor(private readonly people: PersonRepository) {}

  @HandleEvent(AUTH_USER_REGISTERED_V1)
  registered(data: AuthUserRegisteredV1, { manager }: EventContext<AuthUserRegisteredV1>): Promise<void> {
    return this.people.upsertAccount(manager, data);
  }

  @HandleEvent(AUTH_USER_DISABLED_V1)
  disabled(data: AuthUserDisabledV1, { manager }: EventContext<AuthUserDisabledV1>): Promise<void> {
    return this.people.markDisabled(manager, data.userId, data.disabledAt);
  }

  /** The stored address follows the account's; an older change than the one applied changes nothing. */
  @HandleEvent(AUTH_USER_EMAIL_CHANGED_V1)
  emailChanged(data: AuthUserEmailChangedV1, { manager }: EventContext<AuthUserEmailChangedV1>): Promise<void> {
    return this.people.changeEmail(manager, data.userId, data.email, data.changedAt);
  }

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
