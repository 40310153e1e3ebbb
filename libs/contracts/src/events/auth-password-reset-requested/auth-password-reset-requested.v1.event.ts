import { IsEmail, IsISO8601, IsString, IsUUID, MinLength } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class AuthPasswordResetRequestedV1 {
  @IsUUID()
  readonly userId!: string;

  @IsEmail()
  readonly email!: string;

  /** single use and short-lived; a secret: never logged (consumers log the envelope's id, not its data) */
  @IsString()
  @MinLength(32)
  readonly resetToken!: string;

  @IsISO8601({ strict: true })
  readonly expiresAt!: string;
}

export const AUTH_PASSWORD_RESET_REQUESTED_V1 = defineEvent({
  type: 'auth.password.reset_requested',
  version: 1,
  data: AuthPasswordResetRequestedV1,
  description: 'Someone asked to reset an account password; the notification service e-mails the single-use token.',
  consumers: ['notification'],
  carriesSecret: true,
});
