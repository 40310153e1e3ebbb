import { IsEmail, IsISO8601, IsString, IsUUID, MinLength } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class AuthUserVerificationRequestedV1 {
  @IsUUID()
  readonly userId!: string;

  /** the address to verify (the account's) */
  @IsEmail()
  readonly email!: string;

  /** single use; a secret: never logged (consumers log the envelope's id, not its data) */
  @IsString()
  @MinLength(32)
  readonly verificationToken!: string;

  @IsISO8601({ strict: true })
  readonly expiresAt!: string;
}

export const AUTH_USER_VERIFICATION_REQUESTED_V1 = defineEvent({
  type: 'auth.user.verification_requested',
  version: 1,
  data: AuthUserVerificationRequestedV1,
  description: 'A new account (or its owner, asking again) needs its e-mail address verified; the notification service e-mails the single-use link.',
  consumers: ['notification'],
  carriesSecret: true,
});
