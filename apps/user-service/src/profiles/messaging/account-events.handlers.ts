import { Injectable } from '@nestjs/common';
import {
  AUTH_USER_DISABLED_V1,
  AUTH_USER_EMAIL_CHANGED_V1,
  AUTH_USER_EMAIL_VERIFIED_V1,
  AUTH_USER_PROFILE_ERASURE_REQUESTED_V1,
  AUTH_USER_REGISTERED_V1,
  type AuthUserDisabledV1,
  type AuthUserEmailChangedV1,
  type AuthUserEmailVerifiedV1,
  type AuthUserProfileErasureRequestedV1,
  type AuthUserRegisteredV1,
} from '@taskhub/contracts';
import { type EventContext, HandleEvent } from '@taskhub/platform-messaging';
import { ProfilesService } from '../profiles.service';

/** Queue `user.accounts`: auth's account events, applied once each (inbox) in the transaction of their effect. */
@Injectable()
export class AccountEventHandlers {
  constructor(private readonly profiles: ProfilesService) {}

  @HandleEvent(AUTH_USER_REGISTERED_V1)
  registered(data: AuthUserRegisteredV1, { manager }: EventContext<AuthUserRegisteredV1>): Promise<void> {
    return this.profiles.createFromRegistration(manager, data);
  }

  @HandleEvent(AUTH_USER_DISABLED_V1)
  disabled(data: AuthUserDisabledV1, { manager }: EventContext<AuthUserDisabledV1>): Promise<void> {
    return this.profiles.markDisabled(manager, data);
  }

  @HandleEvent(AUTH_USER_EMAIL_VERIFIED_V1)
  emailVerified(data: AuthUserEmailVerifiedV1, { manager }: EventContext<AuthUserEmailVerifiedV1>): Promise<void> {
    return this.profiles.markEmailVerified(manager, data);
  }

  @HandleEvent(AUTH_USER_EMAIL_CHANGED_V1)
  emailChanged(data: AuthUserEmailChangedV1, { manager }: EventContext<AuthUserEmailChangedV1>): Promise<void> {
    return this.profiles.changeEmail(manager, data);
  }

  @HandleEvent(AUTH_USER_PROFILE_ERASURE_REQUESTED_V1)
  profileErasureRequested(data: AuthUserProfileErasureRequestedV1, { manager }: EventContext<AuthUserProfileErasureRequestedV1>): Promise<void> {
    return this.profiles.erase(manager, data);
  }
}
