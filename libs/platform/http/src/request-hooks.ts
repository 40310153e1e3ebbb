import { type FastifyInstance } from './fastify-types';
import { type ErrorResponseBody, ErrorCodes, rememberOriginalError } from '@taskhub/platform-errors';
import {
  CORRELATION_ID_HEADER,
  getRequestCorrelationId,
  type PinoLogger,
  resolveCorrelationId,
  runWithRequestContext,
  setRequestCorrelationId,
} from '@taskhub/platform-logging';
import { type ServiceMetrics, UNMATCHED_ROUTE } from '@taskhub/platform-metrics';
import { isShedExempt, type LoadShedder, SHED_RETRY_AFTER_SECONDS } from './load-shedding';

export interface RequestHooksDependencies {
  readonly logger: PinoLogger;
  readonly metrics: ServiceMetrics;
  readonly shedder: LoadShedder;
  /** true once shutdown has started: responses then close their connection */
  readonly isDraining: () => boolean;
}

/**
 * The cross-cutting request handling of every service, as Fastify hooks (ADR 0001):
 * correlation id in and out, load shedding before any work, the async log context for handlers, the original Fastify
 * error for the exception filter, and one metrics observation and one "request completed" log line per request.
 */
export function registerRequestHooks(fastify: FastifyInstance, deps: RequestHooksDependencies): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const correlationId = resolveCorrelationId(request.headers[CORRELATION_ID_HEADER]);
    setRequestCorrelationId(request, correlationId);
    void reply.header(CORRELATION_ID_HEADER, correlationId);
    const decision = deps.shedder.decision;
    if (decision.overloaded && !isShedExempt(request.url)) {
      deps.metrics.countShed(decision.reason);
      const body: ErrorResponseBody = {
        statusCode: 503,
        code: ErrorCodes.SERVER_OVERLOADED,
        message: 'the service is overloaded, retry later',
        correlationId,
      };
      void reply.code(503).header('retry-after', String(SHED_RETRY_AFTER_SECONDS)).send(body);
      return;
    }
    done();
  });

  // After body parsing, so the context is not lost across the body stream's events; everything the handler awaits
  // (services, repositories, `new Logger(X.name)` calls) then logs with this request's correlationId.
  fastify.addHook('preHandler', (request, _reply, done) => {
    runWithRequestContext({ correlationId: getRequestCorrelationId(request) ?? resolveCorrelationId(undefined) }, done);
  });

  fastify.addHook('onError', (request, _reply, error, done) => {
    rememberOriginalError(request, error);
    done();
  });

  // While draining, every response closes its keep-alive connection, so clients reconnect to another instance and the
  // server can close as soon as in-flight requests are done (instead of waiting for the keep-alive timeout).
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (deps.isDraining()) void reply.header('connection', 'close');
    done(null, payload);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE);
    const statusCode = reply.statusCode;
    deps.metrics.observeRequest({ method: request.method, route, status: statusCode, durationSeconds: reply.elapsedTime / 1000 });
    const level = isShedExempt(request.url) ? 'debug' : statusCode >= 500 ? 'warn' : 'info';
    deps.logger[level](
      {
        correlationId: getRequestCorrelationId(request),
        req: { method: request.method, url: request.url, route, remoteAddress: request.ip },
        statusCode,
        responseTime: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
    done();
  });
}
