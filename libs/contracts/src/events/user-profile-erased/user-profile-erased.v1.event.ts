import { IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class UserProfileErasedV1 {
  @IsUUID()
  readonly deletionId!: string;

  @IsUUID()
  readonly userId!: string;

  @IsISO8601({ strict: true })
  readonly erasedAt!: string;
}

export const USER_PROFILE_ERASED_V1 = defineEvent({
  type: 'user.profile.erased',
  version: 1,
  data: UserProfileErasedV1,
  description: 'The user service erased a profile and its preferences for a deletion, the saga’s last step.',
  consumers: ['auth'],
});
