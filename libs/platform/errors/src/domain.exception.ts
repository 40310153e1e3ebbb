/**
 * Base of every exception a service throws on purpose: a stable string code (`'TASK.NOT_FOUND'`), the HTTP status it
 * maps to, a message safe to show the caller, and optional structured details. The global filter turns it into
 * `{ statusCode, code, message, correlationId, details? }`.
 */
export class DomainException extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode: number = 400,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** One offending field of a request, as reported in `details` of REQUEST.VALIDATION_FAILED. */
export interface FieldViolation {
  /** dotted path of the field, e.g. `title` or `assignees.0.email` */
  readonly field: string;
  /** constraint name -> message, e.g. { isNotEmpty: 'title should not be empty' } */
  readonly constraints: Readonly<Record<string, string>>;
}

export class RequestValidationException extends DomainException {
  constructor(readonly violations: readonly FieldViolation[]) {
    super('REQUEST.VALIDATION_FAILED', `request validation failed: ${violations.map((v) => v.field).join(', ')}`, 400, violations);
  }
}

/** A dependency the request needs (the service's database) is unavailable; answered 503 with Retry-After. */
export class DependencyUnavailableException extends DomainException {
  constructor(message = 'a dependency of this service is unavailable, retry later', readonly retryAfterSeconds = 5) {
    super('DEPENDENCY.UNAVAILABLE', message, 503);
  }
}

/** Too many requests from one caller (a user, an IP, an account under attack); answered 429 with Retry-After. */
export class RateLimitedException extends DomainException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    code = 'REQUEST.RATE_LIMITED',
  ) {
    super(code, message, 429);
  }
}
