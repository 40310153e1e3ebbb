import { HttpException } from '@nestjs/common';
import { DependencyUnavailableException, DomainException } from './domain.exception';
import { defaultCodeForStatus, ErrorCodes } from './error-codes';

/** The one error body every TaskHub endpoint answers with. */
export interface ErrorResponseBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly correlationId: string;
  /** 5xx only: quote it to find the logged stack */
  readonly errorId?: string;
  readonly details?: unknown;
}

/** What the filter answers for an exception, before the correlation and error ids are added. */
export interface MappedError {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  readonly retryAfterSeconds?: number;
  /** logged with its stack as an unexpected failure */
  readonly unexpected: boolean;
}

export interface MappingContext {
  /** false when no route matched the request (Fastify's 404 handler) */
  readonly routeMatched: boolean;
  /** the error Fastify raised before Nest wrapped it (content-type parsing, body limit), if any */
  readonly originalError?: unknown;
  /** recognises errors that mean "our database (or another required dependency) is unavailable" */
  readonly isDependencyUnavailable?: (error: unknown) => boolean;
}

const FASTIFY_CODES: Readonly<Record<string, { statusCode: number; code: string; message: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { statusCode: 400, code: ErrorCodes.MALFORMED_JSON, message: 'request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { statusCode: 400, code: ErrorCodes.MALFORMED_JSON, message: 'request body is empty but content-type is application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { statusCode: 413, code: ErrorCodes.PAYLOAD_TOO_LARGE, message: 'request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { statusCode: 415, code: ErrorCodes.UNSUPPORTED_MEDIA_TYPE, message: 'unsupported content type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { statusCode: 400, code: ErrorCodes.BAD_REQUEST, message: 'content-length does not match the body' },
};

const DEPENDENCY_RETRY_AFTER_SECONDS = 5;

/** Maps anything thrown while serving a request to status, code and a message that is safe to show the caller. */
export function mapException(exception: unknown, context: MappingContext): MappedError {
  const fastify = fastifyError(context.originalError) ?? fastifyError(exception);
  if (fastify) return fastify;
  if (exception instanceof DomainException) {
    return {
      statusCode: exception.statusCode,
      code: exception.code,
      message: exception.message,
      details: exception.details,
      retryAfterSeconds: retryAfterOf(exception),
      unexpected: exception.statusCode >= 500 && !(exception instanceof DependencyUnavailableException),
    };
  }
  if (exception instanceof HttpException) return mapHttpException(exception, context);
  if (context.isDependencyUnavailable?.(exception)) {
    return {
      statusCode: 503,
      code: ErrorCodes.DEPENDENCY_UNAVAILABLE,
      message: 'the service database is unavailable, retry later',
      retryAfterSeconds: DEPENDENCY_RETRY_AFTER_SECONDS,
      unexpected: false,
    };
  }
  return { statusCode: 500, code: ErrorCodes.INTERNAL, message: 'internal server error', unexpected: true };
}

/** `Retry-After` of a domain exception that tells the caller when to retry (DependencyUnavailableException, RateLimitedException, ...). */
function retryAfterOf(exception: DomainException): number | undefined {
  const { retryAfterSeconds } = exception as DomainException & { retryAfterSeconds?: unknown };
  return typeof retryAfterSeconds === 'number' ? retryAfterSeconds : undefined;
}

function mapHttpException(exception: HttpException, context: MappingContext): MappedError {
  const statusCode = exception.getStatus();
  const response = exception.getResponse();
  const body = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  const ownCode = typeof body.code === 'string' ? body.code : undefined;
  const code =
    ownCode ?? (statusCode === 404 && !context.routeMatched ? ErrorCodes.ROUTE_NOT_FOUND : defaultCodeForStatus(statusCode));
  const rawMessage = typeof response === 'string' ? response : body.message;
  const message = Array.isArray(rawMessage) ? rawMessage.map(String).join('; ') : typeof rawMessage === 'string' ? rawMessage : exception.message;
  return {
    statusCode,
    code,
    message: statusCode === 404 && !context.routeMatched ? `no route for ${message.replace(/^Cannot /, '')}` : message,
    details: body.details,
    retryAfterSeconds: statusCode === 503 ? DEPENDENCY_RETRY_AFTER_SECONDS : undefined,
    unexpected: statusCode >= 500 && statusCode !== 503,
  };
}

function fastifyError(error: unknown): MappedError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, statusCode } = error as Error & { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  const known = FASTIFY_CODES[code];
  if (known) return { ...known, unexpected: false };
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { statusCode, code: defaultCodeForStatus(statusCode), message: error.message, unexpected: false };
  }
  return undefined;
}
