import { type DynamicModule, type Type } from '@nestjs/common';
import {
  type BaseServiceConfig,
  ConfigValidationError,
  describeConfig,
  loadServiceConfig,
  type ServiceConfigClass,
} from '@taskhub/platform-config';
import { createServiceApp } from './create-service-app';
import { serializeOpenApiDocument } from './openapi/openapi-json';
import { previewOpenApiDocument } from './openapi/openapi-preview';

/** `node dist/apps/<svc>/src/main.js openapi`: print the service's OpenAPI document and exit (`npm run docs:openapi`). */
export const OPENAPI_COMMAND = 'openapi';

export interface BootstrapServiceOptions<T extends BaseServiceConfig> {
  readonly module: Type<unknown> | DynamicModule;
  /** the service's config class; loaded and validated from the environment */
  readonly config: ServiceConfigClass<T>;
}

/**
 * `main.ts` of every service: validate config (exit 1 naming the bad variable), build the app, listen on HOST:PORT,
 * shut down gracefully on SIGTERM/SIGINT. Fatal errors are logged as one JSON line and exit 1. With the argument
 * `openapi`, prints the service's OpenAPI document instead, without reading the environment or connecting anywhere.
 */
export async function bootstrapService<T extends BaseServiceConfig>(options: BootstrapServiceOptions<T>): Promise<void> {
  if (process.argv[2] === OPENAPI_COMMAND) return printOpenApiDocument(options);
  let config: T;
  try {
    config = loadServiceConfig(options.config);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const name = `${config.service}-service`;
  let service: Awaited<ReturnType<typeof createServiceApp<T>>> | undefined;
  try {
    service = await createServiceApp({ module: options.module, config });
    const { logger } = service;
    process.on('uncaughtException', (error) => {
      logger.fatal({ err: error }, 'uncaught exception, exiting');
      process.exit(1);
    });
    process.on('unhandledRejection', (reason) => {
      logger.fatal({ err: reason }, 'unhandled promise rejection, exiting');
      process.exit(1);
    });
    service.shutdown.installSignalHandlers();
    await service.app.listen({ port: config.port, host: config.host });
    logger.info({ config: describeConfig(config) }, `${name} listening on ${config.host}:${config.port}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (service) service.logger.fatal({ err: error }, `${name} failed to start`);
    process.stderr.write(`${name} failed to start: ${reason}\n`);
    process.exit(1);
  }
}

async function printOpenApiDocument<T extends BaseServiceConfig>(options: BootstrapServiceOptions<T>): Promise<void> {
  try {
    process.stdout.write(serializeOpenApiDocument(await previewOpenApiDocument(options)));
  } catch (error) {
    process.stderr.write(`${options.config.service}-service: no OpenAPI document: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}
