import { STATUS_CODES } from 'node:http';
import { AuthErrorCodes } from '@taskhub/platform-auth';
import { defaultCodeForStatus, type DomainException, ErrorCodes, type ErrorResponseBody } from '@taskhub/platform-errors';
import { PreconditionRequiredException, StaleVersionException } from '../preconditions/precondition.exceptions';

/** One error a route answers, as it appears in the OpenAPI document (its example body). */
export interface ErrorResponseExample {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
}

/** The correlation id every example shows (a real answer carries the request's X-Request-ID). */
export const EXAMPLE_CORRELATION_ID = '6f1c2d9e-5b7a-4c1e-9a0b-2f3d4e5f6a7b';
const EXAMPLE_ERROR_ID = '0b8e7c1a-3d2f-4e5a-9b6c-7d8e9f0a1b2c';

/** What each status means for a TaskHub caller: the description of the response in the document. */
const STATUS_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request is invalid: see `code`, and `details` for the offending fields.',
  401: 'No valid access token (`WWW-Authenticate: Bearer` says why), or wrong credentials.',
  403: 'Not allowed: the caller lacks a role this needs, or calls with the token of an API key that may not do this.',
  404: 'Not found.',
  409: 'Conflicts with the current state.',
  412: 'A precondition of the request (e.g. If-Match) does not hold: the resource changed since it was read.',
  413: 'The request body is over the limit (1 MiB).',
  415: 'The content type has no parser: send `application/json`.',
  422: 'Well-formed, but it cannot be applied.',
  428: 'This needs a precondition header (e.g. If-Match).',
  429: 'Too many requests: `Retry-After` says when to retry.',
  500: 'Unexpected failure: quote `errorId`.',
  503: 'Temporarily unavailable (a dependency is down, or the service sheds load): retry after `Retry-After` seconds.',
};

/** The example of an exception the platform throws. */
function exampleOf(exception: DomainException): ErrorResponseExample {
  return { status: exception.statusCode, code: exception.code, message: exception.message, details: exception.details };
}

/**
 * The example(s) of a status when a route names only the status: the code the platform answers with (the
 * GlobalExceptionFilter's `defaultCodeForStatus` where nothing more precise is known).
 */
const DEFAULT_EXAMPLES: Readonly<Record<number, readonly ErrorResponseExample[]>> = {
  400: [
    {
      status: 400,
      code: ErrorCodes.VALIDATION_FAILED,
      message: 'request validation failed: title',
      details: [{ field: 'title', constraints: { isNotEmpty: 'title should not be empty' } }],
    },
  ],
  401: [{ status: 401, code: AuthErrorCodes.TOKEN_MISSING, message: 'an access token is required: Authorization: Bearer <token>' }],
  403: [{ status: 403, code: AuthErrorCodes.FORBIDDEN, message: 'this needs a role the caller does not have' }],
  404: [{ status: 404, code: ErrorCodes.NOT_FOUND, message: 'not found' }],
  409: [{ status: 409, code: ErrorCodes.CONFLICT, message: 'conflicts with the current state' }],
  412: [exampleOf(new StaleVersionException(4))],
  413: [{ status: 413, code: ErrorCodes.PAYLOAD_TOO_LARGE, message: 'request body is too large' }],
  415: [{ status: 415, code: ErrorCodes.UNSUPPORTED_MEDIA_TYPE, message: 'unsupported content type' }],
  428: [exampleOf(new PreconditionRequiredException())],
  429: [{ status: 429, code: ErrorCodes.RATE_LIMITED, message: 'too many requests, retry later' }],
  500: [{ status: 500, code: ErrorCodes.INTERNAL, message: 'internal server error' }],
  503: [
    { status: 503, code: ErrorCodes.DEPENDENCY_UNAVAILABLE, message: 'the service database is unavailable, retry later' },
    { status: 503, code: ErrorCodes.SERVER_OVERLOADED, message: 'the service is overloaded, retry later' },
  ],
};

/** The examples of a status named without one: the platform's, else the code the filter gives that status. */
export function defaultErrorExamples(status: number): readonly ErrorResponseExample[] {
  if (!Number.isInteger(status) || status < 400 || status > 599) throw new Error(`ApiErrorResponses: ${status} is not an error status`);
  const message = (STATUS_CODES[status] ?? `HTTP ${status}`).toLowerCase();
  return DEFAULT_EXAMPLES[status] ?? [{ status, code: defaultCodeForStatus(status), message }];
}

/** The description of an error status in the document. */
export function errorStatusDescription(status: number): string {
  return STATUS_DESCRIPTIONS[status] ?? STATUS_CODES[status] ?? `HTTP ${status}`;
}

/** The example body of one error, as the GlobalExceptionFilter (or, for SERVER.OVERLOADED, the shedding hook) writes it. */
export function exampleErrorBody(example: ErrorResponseExample): ErrorResponseBody {
  const hasErrorId = example.status >= 500 && example.code !== ErrorCodes.SERVER_OVERLOADED;
  return {
    statusCode: example.status,
    code: example.code,
    message: example.message,
    correlationId: EXAMPLE_CORRELATION_ID,
    ...(hasErrorId ? { errorId: EXAMPLE_ERROR_ID } : {}),
    ...(example.details !== undefined ? { details: example.details } : {}),
  };
}
