import { IsEmail, IsUUID } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class AuthUserRegistrationAttemptedV1 {
  /** the account that already has the address */
  @IsUUID()
  readonly userId!: string;

  @IsEmail()
  readonly email!: string;
}

export const AUTH_USER_REGISTRATION_ATTEMPTED_V1 = defineEvent({
  type: 'auth.user.registration_attempted',
  version: 1,
  data: AuthUserRegistrationAttemptedV1,
  description: 'Someone tried to register an address that already has an account; the notification service tells its owner.',
  consumers: ['notification'],
});
