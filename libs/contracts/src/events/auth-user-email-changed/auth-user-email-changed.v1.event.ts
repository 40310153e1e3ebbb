import { IsEmail, IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class AuthUserEmailChangedV1 {
  @IsUUID()
  readonly userId!: string;

  /** the new address, verified by the confirmation */
  @IsEmail()
  readonly email!: string;

  /** when the change was confirmed: a consumer keeps the newest change (a late, older event loses) */
  @IsISO8601({ strict: true })
  readonly changedAt!: string;
}

export const AUTH_USER_EMAIL_CHANGED_V1 = defineEvent({
  type: 'auth.user.email_changed',
  version: 1,
  data: AuthUserEmailChangedV1,
  description: "An account's e-mail address changed (confirmed from the new address, which is thereby verified); services that keep it update their copy.",
  consumers: ['user', 'notification'],
});
