import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { getRequestContext, type PinoLogger, requestContextLogFields, resolveCorrelationId } from '@taskhub/platform-logging';
import { type ErrorResponseBody, mapException } from './error-response';
import { originalErrorOf } from './original-error';

/** The parts of a Fastify request and reply the filter uses. */
interface HttpRequestLike {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly is404?: boolean;
}

interface HttpReplyLike {
  readonly sent: boolean;
  status(code: number): HttpReplyLike;
  header(name: string, value: string): HttpReplyLike;
  send(body: unknown): unknown;
}

export interface GlobalExceptionFilterOptions {
  readonly logger: PinoLogger;
  readonly isDependencyUnavailable?: (error: unknown) => boolean;
}

/**
 * The single place where errors become responses: `{ statusCode, code, message, correlationId, errorId?, details? }`.
 * 5xx answers get an `errorId`, which is logged with the stack; stacks and internal messages never reach the caller.
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  constructor(private readonly options: GlobalExceptionFilterOptions) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequestLike>();
    const reply = http.getResponse<HttpReplyLike>();
    const context = getRequestContext(request);
    const correlationId = context?.correlationId ?? resolveCorrelationId(request.headers['x-request-id']);
    const mapped = mapException(exception, {
      routeMatched: request.is404 !== true,
      originalError: originalErrorOf(request),
      isDependencyUnavailable: this.options.isDependencyUnavailable,
    });
    const errorId = mapped.statusCode >= 500 ? randomUUID() : undefined;
    if (errorId) {
      const fields = {
        ...requestContextLogFields(context),
        correlationId,
        errorId,
        statusCode: mapped.statusCode,
        code: mapped.code,
        req: { method: request.method, url: request.url },
      };
      if (mapped.unexpected) this.options.logger.error({ ...fields, err: exception }, 'request failed with an unexpected error');
      else this.options.logger.warn({ ...fields, err: summarise(exception) }, `request failed: ${mapped.code}`);
    }
    if (reply.sent) return;
    const body: ErrorResponseBody = {
      statusCode: mapped.statusCode,
      code: mapped.code,
      message: mapped.message,
      correlationId,
      ...(errorId ? { errorId } : {}),
      ...(mapped.details !== undefined ? { details: mapped.details } : {}),
    };
    if (mapped.retryAfterSeconds !== undefined) reply.header('retry-after', String(mapped.retryAfterSeconds));
    reply.header('x-request-id', correlationId);
    reply.status(mapped.statusCode).send(body);
  }
}

/** An expected failure (a dependency down) is logged without its stack. */
function summarise(exception: unknown): Record<string, unknown> {
  if (!(exception instanceof Error)) return { message: String(exception) };
  const { code } = exception as Error & { code?: unknown };
  return { type: exception.name, message: exception.message, ...(code !== undefined ? { code } : {}) };
}
