import { IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class AuthUserProfileErasureRequestedV1 {
  @IsUUID()
  readonly deletionId!: string;

  @IsUUID()
  readonly userId!: string;

  @IsISO8601({ strict: true })
  readonly requestedAt!: string;
}

export const AUTH_USER_PROFILE_ERASURE_REQUESTED_V1 = defineEvent({
  type: 'auth.user.profile_erasure_requested',
  version: 1,
  data: AuthUserProfileErasureRequestedV1,
  description:
    "A deletion's other steps have completed: the user service erases the profile, the last step, and reports it.",
  consumers: ['user'],
});
