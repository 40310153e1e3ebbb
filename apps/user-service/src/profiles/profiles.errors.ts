import { DomainException } from '@taskhub/platform-errors';

/** Error codes of the profiles feature. */
export const ProfileErrors = {
  NOT_FOUND: 'USER.NOT_FOUND',
  IDS_WITH_QUERY: 'USER.IDS_WITH_QUERY',
} as const;

export class ProfileNotFoundException extends DomainException {
  constructor(id: string) {
    super(ProfileErrors.NOT_FOUND, `user ${id} not found`, 404);
  }
}

export class IdsWithQueryException extends DomainException {
  constructor() {
    super(ProfileErrors.IDS_WITH_QUERY, 'ids cannot be combined with q or cursor', 400);
  }
}
