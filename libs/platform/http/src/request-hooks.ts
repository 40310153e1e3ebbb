import { type FastifyInstance } from './fastify-types';
import { type ErrorResponseBody, ErrorCodes, rememberOriginalError, RequestValidationException } from '@taskhub/platform-errors';
import {
  CORRELATION_ID_HEADER,
  getRequestContext,
  type PinoLogger,
  requestContextLogFields,
  resolveCorrelationId,
  runWithRequestContext,
  setRequestContext,
} from '@taskhub/platform-logging';
import { type ServiceMetrics, UNMATCHED_ROUTE } from '@taskhub/platform-metrics';
import { serverTraceparent, setServerRoute, TRACEPARENT_HEADER } from '@taskhub/platform-tracing';
import { isShedExempt, type LoadShedder, SHED_RETRY_AFTER_SECONDS } from './load-shedding';
import { unstorableTextViolations } from './storable-text';

export interface RequestHooksDependencies {
  readonly logger: PinoLogger;
  readonly metrics: ServiceMetrics;
  readonly shedder: LoadShedder;
  /** true once shutdown has started: responses then close their connection */
  readonly isDraining: () => boolean;
}

/**
 * The cross-cutting request handling of every service, as Fastify hooks (ADR 0001):
 * correlation id in and out, the request's traceparent, load shedding before any work, text Postgres cannot store
 * refused with 400 before any guard or handler sees it, the async log context for
 * handlers, the original Fastify error for the exception filter, and one metrics observation and one "request
 * completed" log line per request.
 */
export function registerRequestHooks(fastify: FastifyInstance, deps: RequestHooksDependencies): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const correlationId = resolveCorrelationId(request.headers[CORRELATION_ID_HEADER]);
    // the server span's when tracing is on, else one of our own in the caller's trace (or a new one); not echoed:
    // callers quote X-Request-ID, and the logs of that id carry the trace id
    const traceparent = serverTraceparent(request.headers[TRACEPARENT_HEADER]);
    setRequestContext(request, { correlationId, traceparent });
    setServerRoute(request.routeOptions.url);
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

  // Every string of the body, the query string and the route params (and every key): one with NUL or an unpaired
  // surrogate would fail in Postgres (500) or be silently altered, so it is refused here, for every route, naming the field.
  fastify.addHook('preValidation', (request, _reply, done) => {
    const violations = [request.params, request.query, request.body].flatMap((input) => unstorableTextViolations(input));
    done(violations.length > 0 ? new RequestValidationException(violations) : undefined);
  });

  // After body parsing, so the context is not lost across the body stream's events; everything the handler awaits
  // (services, repositories, `new Logger(X.name)` calls, writeToOutbox) then has this request's correlationId and
  // traceparent.
  fastify.addHook('preHandler', (request, _reply, done) => {
    runWithRequestContext(getRequestContext(request) ?? { correlationId: resolveCorrelationId(undefined) }, done);
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
        ...requestContextLogFields(getRequestContext(request)),
        req: { method: request.method, url: request.url, route, remoteAddress: request.clientIp },
        statusCode,
        responseTime: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
    done();
  });
}
