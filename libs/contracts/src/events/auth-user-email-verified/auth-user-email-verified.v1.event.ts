import { IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class AuthUserEmailVerifiedV1 {
  @IsUUID()
  readonly userId!: string;

  @IsISO8601({ strict: true })
  readonly verifiedAt!: string;
}

export const AUTH_USER_EMAIL_VERIFIED_V1 = defineEvent({
  type: 'auth.user.email_verified',
  version: 1,
  data: AuthUserEmailVerifiedV1,
  description: "An account's e-mail address was verified; the user service lists it in the directory from then on.",
  consumers: ['user'],
});
