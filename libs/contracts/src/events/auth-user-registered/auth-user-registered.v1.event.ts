import { IsEmail, IsString, IsUUID, Length } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class AuthUserRegisteredV1 {
  @IsUUID()
  readonly userId!: string;

  @IsEmail()
  readonly email!: string;

  @IsString()
  @Length(1, 100)
  readonly displayName!: string;
}

export const AUTH_USER_REGISTERED_V1 = defineEvent({
  type: 'auth.user.registered',
  version: 1,
  data: AuthUserRegisteredV1,
  description: 'An account was created; the user service creates its profile from it.',
  consumers: ['user', 'notification'],
});
