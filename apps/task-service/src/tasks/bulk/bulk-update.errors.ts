import { DomainException, type FieldViolation, RequestValidationException } from '@taskhub/platform-errors';

/**
 * A task of a bulk edit refused as a single change would be: the same code and status, the message naming the task,
 * `details` the single change's (its field violations) or `{ taskId }` when it has none.
 */
export class BulkTaskRefusedException extends DomainException {
  constructor(
    readonly taskId: string,
    cause: DomainException,
  ) {
    super(cause.code, `task ${taskId}: ${cause.message}`, cause.statusCode, cause.details ?? { taskId });
  }
}

/** `set: {}` changes nothing: a client bug, answered like the DTO's rules. */
export class EmptyBulkSetException extends RequestValidationException {
  constructor() {
    const violation: FieldViolation = { field: 'set', constraints: { notEmpty: 'set must name at least one field to change' } };
    super([violation]);
  }
}
