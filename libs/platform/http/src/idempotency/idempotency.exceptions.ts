import { DomainException, ErrorCodes } from '@taskhub/platform-errors';

/** How long a client waits before retrying a request whose first attempt is still running. */
export const IDEMPOTENCY_IN_PROGRESS_RETRY_AFTER_SECONDS = 1;

/** 409 IDEMPOTENCY.IN_PROGRESS with Retry-After: the first request with this Idempotency-Key has not answered yet. */
export class IdempotencyInProgressException extends DomainException {
  readonly retryAfterSeconds = IDEMPOTENCY_IN_PROGRESS_RETRY_AFTER_SECONDS;

  constructor() {
    super(ErrorCodes.IDEMPOTENCY_IN_PROGRESS, 'a request with this Idempotency-Key is still being processed: retry after Retry-After seconds', 409);
  }
}

/** 422 IDEMPOTENCY.KEY_REUSED: the Idempotency-Key was used for another request (another body or path); nothing was done. */
export class IdempotencyKeyReusedException extends DomainException {
  constructor() {
    super(ErrorCodes.IDEMPOTENCY_KEY_REUSED, 'this Idempotency-Key was used for another request: use a new key for a new request', 422);
  }
}
