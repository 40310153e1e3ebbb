import { IsEmail, IsISO8601, IsString, IsUUID, MinLength } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class AuthUserEmailChangeRequestedV1 {
  @IsUUID()
  readonly userId!: string;

  /** the account's address today: gets a notice with the cancel link */
  @IsEmail()
  readonly currentEmail!: string;

  /** the address asked for: gets the confirmation link */
  @IsEmail()
  readonly newEmail!: string;

  /** single use; a secret: never logged */
  @IsString()
  @MinLength(32)
  readonly confirmToken!: string;

  /** single use; a secret: never logged */
  @IsString()
  @MinLength(32)
  readonly cancelToken!: string;

  @IsISO8601({ strict: true })
  readonly expiresAt!: string;
}

export const AUTH_USER_EMAIL_CHANGE_REQUESTED_V1 = defineEvent({
  type: 'auth.user.email_change_requested',
  version: 1,
  data: AuthUserEmailChangeRequestedV1,
  description: 'An account asked to change its e-mail address; the notification service e-mails the confirmation link to the new address and a notice with a cancel link to the current one.',
  consumers: ['notification'],
  carriesSecret: true,
});
