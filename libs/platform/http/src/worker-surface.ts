import { type ErrorResponseBody, ErrorCodes } from '@taskhub/platform-errors';
import { CORRELATION_ID_HEADER, resolveCorrelationId } from '@taskhub/platform-logging';
import { type FastifyInstance } from './fastify-types';
import { isShedExempt } from './load-shedding';

/**
 * A PROCESS_ROLE=worker process answers its probes and /metrics only: every other path (the public API under
 * /api/v1, /docs/openapi.json) is 404 ROUTE.NOT_FOUND before any guard or handler runs, so a worker serves no API even
 * when something reaches its port.
 */
export function restrictToProbesAndMetrics(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (isShedExempt(request.url)) return done();
    const correlationId = resolveCorrelationId(request.headers[CORRELATION_ID_HEADER]);
    const body: ErrorResponseBody = {
      statusCode: 404,
      code: ErrorCodes.ROUTE_NOT_FOUND,
      message: `no route for ${request.method} ${request.url.split('?', 1)[0]} (a worker process serves /health and /metrics only)`,
      correlationId,
    };
    void reply.code(404).header(CORRELATION_ID_HEADER, correlationId).send(body);
  });
}
