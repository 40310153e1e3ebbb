import { IsArray, IsIn } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';
import { UserProfileV1 } from '../user-profile/user-profile.v1';

export const PROFILE_FIELDS = ['displayName', 'avatarUrl', 'timezone', 'locale', 'status'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** The public fields of a profile after a change, and which of them changed. */
export class UserProfileUpdatedV1 extends UserProfileV1 {
  @IsArray()
  @IsIn(PROFILE_FIELDS, { each: true })
  readonly changed!: ProfileField[];
}

export const USER_PROFILE_UPDATED_V1 = defineEvent({
  type: 'user.profile.updated',
  version: 1,
  data: UserProfileUpdatedV1,
  description: 'A profile changed (its owner edited it, or its account was disabled); it carries every public field.',
  consumers: ['task', 'notification'],
});
