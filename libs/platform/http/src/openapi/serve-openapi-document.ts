import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type BaseServiceConfig } from '@taskhub/platform-config';
import { buildOpenApiDocument } from './openapi-document';
import { serializeOpenApiDocument } from './openapi-json';

/** Where every service serves its own document: its port, outside /api/v1, no token (not routed by the gateway). */
export const OPENAPI_DOCUMENT_PATH = '/docs/openapi.json';

/**
 * Builds the document once, at start, and serves it as a plain Fastify route (like /health, outside the prefix and
 * the guard; not a Nest controller, so it is not in the document itself). Call before `app.init()`.
 */
export function serveOpenApiDocument(app: NestFastifyApplication, config: BaseServiceConfig): void {
  const body = serializeOpenApiDocument(buildOpenApiDocument(app, config));
  app
    .getHttpAdapter()
    .getInstance()
    .get(OPENAPI_DOCUMENT_PATH, (_request, reply) => {
      void reply.type('application/json; charset=utf-8').send(body);
    });
}
