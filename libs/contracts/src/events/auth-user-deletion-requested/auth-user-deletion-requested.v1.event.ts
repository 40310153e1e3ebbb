import { IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class AuthUserDeletionRequestedV1 {
  /** the deletion saga's id: every step reports completion under it */
  @IsUUID()
  readonly deletionId!: string;

  @IsUUID()
  readonly userId!: string;

  @IsISO8601({ strict: true })
  readonly requestedAt!: string;
}

export const AUTH_USER_DELETION_REQUESTED_V1 = defineEvent({
  type: 'auth.user.deletion_requested',
  version: 1,
  data: AuthUserDeletionRequestedV1,
  description:
    'A person asked to delete their account: its credentials are disabled and every session and API key has ended. The task and notification services erase the person and report it.',
  consumers: ['task', 'notification'],
});
