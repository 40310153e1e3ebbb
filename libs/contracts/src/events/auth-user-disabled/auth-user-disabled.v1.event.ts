import { IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class AuthUserDisabledV1 {
  @IsUUID()
  readonly userId!: string;

  @IsISO8601({ strict: true })
  readonly disabledAt!: string;

  /** the admin who disabled it */
  @IsUUID()
  readonly disabledBy!: string;
}

export const AUTH_USER_DISABLED_V1 = defineEvent({
  type: 'auth.user.disabled',
  version: 1,
  data: AuthUserDisabledV1,
  description: 'An admin disabled an account: it can no longer log in and all its sessions have ended.',
  consumers: ['user', 'notification'],
});
