import { DomainException, RateLimitedException } from '@taskhub/platform-errors';

/** Error codes of the live notification stream. */
export const NotificationStreamErrors = {
  INVALID_LAST_EVENT_ID: 'NOTIFICATION.INVALID_LAST_EVENT_ID',
  TOO_MANY_STREAMS: 'NOTIFICATION.TOO_MANY_STREAMS',
} as const;

export class InvalidLastEventIdException extends DomainException {
  constructor() {
    super(NotificationStreamErrors.INVALID_LAST_EVENT_ID, 'Last-Event-ID must be the seq of a notification (a decimal integer)', 400);
  }
}

/** The user already holds the maximum of open streams over all instances (NOTIFICATION_STREAM_MAX_PER_USER). */
export class TooManyStreamsException extends RateLimitedException {
  constructor(max: number, retryAfterSeconds: number) {
    super(`at most ${max} open notification streams per user: close one first`, retryAfterSeconds, NotificationStreamErrors.TOO_MANY_STREAMS);
  }
}
