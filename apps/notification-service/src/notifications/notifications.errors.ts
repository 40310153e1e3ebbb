import { DomainException } from '@taskhub/platform-errors';

/** Error codes of the in-app notifications. */
export const NotificationErrors = {
  NOT_FOUND: 'NOTIFICATION.NOT_FOUND',
} as const;

/** Also for another user's notification: its existence is not revealed. */
export class NotificationNotFoundException extends DomainException {
  constructor(id: string) {
    super(NotificationErrors.NOT_FOUND, `notification ${id} not found`, 404);
  }
}
