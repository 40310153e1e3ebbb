import { defineEvent } from '../../envelope/event-contract';
import { UserProfileV1 } from '../user-profile/user-profile.v1';

/** The public fields of a new profile (never the e-mail address: consumers that need it get it from auth). */
export class UserProfileCreatedV1 extends UserProfileV1 {}

export const USER_PROFILE_CREATED_V1 = defineEvent({
  type: 'user.profile.created',
  version: 1,
  data: UserProfileCreatedV1,
  description: 'A profile was created for a new account; services that show people keep a local copy of its public fields.',
  consumers: ['task', 'notification'],
});
