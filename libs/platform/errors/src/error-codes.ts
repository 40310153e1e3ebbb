/** The platform's own error codes. Domain codes live with their feature (`'TASK.NOT_FOUND'`). */
export const ErrorCodes = {
  ROUTE_NOT_FOUND: 'ROUTE.NOT_FOUND',
  VALIDATION_FAILED: 'REQUEST.VALIDATION_FAILED',
  MALFORMED_JSON: 'REQUEST.MALFORMED_JSON',
  BAD_REQUEST: 'REQUEST.BAD_REQUEST',
  INVALID_CURSOR: 'REQUEST.INVALID_CURSOR',
  PAYLOAD_TOO_LARGE: 'REQUEST.PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  METHOD_NOT_ALLOWED: 'REQUEST.METHOD_NOT_ALLOWED',
  RATE_LIMITED: 'REQUEST.RATE_LIMITED',
  UNAUTHENTICATED: 'AUTH.UNAUTHENTICATED',
  FORBIDDEN: 'AUTH.FORBIDDEN',
  NOT_FOUND: 'RESOURCE.NOT_FOUND',
  CONFLICT: 'RESOURCE.CONFLICT',
  PRECONDITION_FAILED: 'PRECONDITION.FAILED',
  PRECONDITION_REQUIRED: 'PRECONDITION.REQUIRED',
  IDEMPOTENCY_IN_PROGRESS: 'IDEMPOTENCY.IN_PROGRESS',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY.KEY_REUSED',
  DEPENDENCY_UNAVAILABLE: 'DEPENDENCY.UNAVAILABLE',
  SERVER_OVERLOADED: 'SERVER.OVERLOADED',
  INTERNAL: 'INTERNAL',
} as const;

/** Code for an HttpException that does not carry its own, by status. */
export function defaultCodeForStatus(status: number): string {
  switch (status) {
    case 400:
      return ErrorCodes.BAD_REQUEST;
    case 401:
      return ErrorCodes.UNAUTHENTICATED;
    case 403:
      return ErrorCodes.FORBIDDEN;
    case 404:
      return ErrorCodes.NOT_FOUND;
    case 405:
      return ErrorCodes.METHOD_NOT_ALLOWED;
    case 409:
      return ErrorCodes.CONFLICT;
    case 412:
      return ErrorCodes.PRECONDITION_FAILED;
    case 413:
      return ErrorCodes.PAYLOAD_TOO_LARGE;
    case 415:
      return ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
    case 428:
      return ErrorCodes.PRECONDITION_REQUIRED;
    case 429:
      return ErrorCodes.RATE_LIMITED;
    case 503:
      return ErrorCodes.DEPENDENCY_UNAVAILABLE;
    default:
      return status >= 500 ? ErrorCodes.INTERNAL : `HTTP.${status}`;
  }
}
