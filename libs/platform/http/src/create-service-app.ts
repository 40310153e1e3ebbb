import { type DynamicModule, type Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { BaseServiceConfig, servesApi } from '@taskhub/platform-config';
import { isDatabaseUnavailableError, readRoutingInterceptorOf } from '@taskhub/platform-database';
import { GlobalExceptionFilter, validationExceptionFactory } from '@taskhub/platform-errors';
import { ServiceLifecycle } from '@taskhub/platform-health';
import { createRootLogger, type DestinationStream, PinoNestLogger, type PinoLogger } from '@taskhub/platform-logging';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { registerClientAddress } from './client-address';
import { GracefulShutdown } from './graceful-shutdown';
import { LoadShedder } from './load-shedding';
import { serveOpenApiDocument } from './openapi/serve-openapi-document';
import { registerRequestHooks } from './request-hooks';
import { applyGlobalPrefix, serviceRootModule } from './service-root-module';
import { restrictToProbesAndMetrics } from './worker-surface';

export { GLOBAL_PREFIX } from './service-root-module';

/** Request body limit (Kong enforces the same at the edge). */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface CreateServiceAppOptions<T extends BaseServiceConfig> {
  /** the service's AppModule (or a test module importing it) */
  readonly module: Type<unknown> | DynamicModule;
  readonly config: T;
  /** where JSON log lines go (default stdout); tests pass a capturing stream */
  readonly logDestination?: DestinationStream;
  readonly bodyLimitBytes?: number;
  /** how GracefulShutdown ends the process (default process.exit) */
  readonly exit?: (code: number) => void;
}

/** An initialised service, not listening yet. */
export interface ServiceApp<T extends BaseServiceConfig = BaseServiceConfig> {
  readonly app: NestFastifyApplication;
  readonly config: T;
  readonly logger: PinoLogger;
  readonly metrics: ServiceMetrics;
  readonly loadShedder: LoadShedder;
  readonly lifecycle: ServiceLifecycle;
  readonly shutdown: GracefulShutdown;
}

/**
 * Builds a service the way production runs it (Fastify, hooks, global prefix, filter, validation, logger, its OpenAPI
 * document at GET /docs/openapi.json) and initialises it without listening: `bootstrapService` listens, integration
 * tests call `app.listen({ port: 0 })` or `app.inject()`.
 */
export async function createServiceApp<T extends BaseServiceConfig>(options: CreateServiceAppOptions<T>): Promise<ServiceApp<T>> {
  const { config } = options;
  const name = `${config.service}-service`;
  const logger = createRootLogger({ service: name, level: config.logLevel, destination: options.logDestination });
  const metrics = new ServiceMetrics(name);
  const limits = { maxEventLoopDelayMs: config.loadShedMaxEventLoopDelayMs, maxRssMb: config.loadShedMaxRssMb };
  const loadShedder = new LoadShedder(limits, {
    onChange: (decision, sample) => {
      const figures = { eventLoopDelayMs: Math.round(sample.eventLoopDelayMs), rssMb: Math.round(sample.rssMb), ...limits };
      if (decision.overloaded) logger.warn({ ...figures, reason: decision.reason }, 'load shedding on: new requests get 503');
      else logger.info(figures, 'load shedding off');
    },
  });
  const root = serviceRootModule(options.module, config, metrics, loadShedder);
  // no trustProxy: request.ip is the socket's peer; request.clientIp is the client as the gateway saw it (X-Real-IP
  // from TRUSTED_PROXIES only, client-address.ts)
  const adapter = new FastifyAdapter({ logger: false, bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES });
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  const lifecycle = app.get(ServiceLifecycle);
  // a worker process (PROCESS_ROLE=worker): probes and /metrics only, checked before the request hooks do any work
  if (!servesApi(config)) restrictToProbesAndMetrics(app.getHttpAdapter().getInstance());
  registerClientAddress(app.getHttpAdapter().getInstance(), config.trustedProxies);
  registerRequestHooks(app.getHttpAdapter().getInstance(), {
    logger,
    metrics,
    shedder: loadShedder,
    isDraining: () => lifecycle.phase === 'draining',
  });
  applyGlobalPrefix(app);
  serveOpenApiDocument(app, config);
  app.useGlobalFilters(new GlobalExceptionFilter({ logger, isDependencyUnavailable: isDatabaseUnavailableError }));
  const readRouting = readRoutingInterceptorOf(app);
  if (readRouting !== undefined) app.useGlobalInterceptors(readRouting);
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationExceptionFactory }),
  );
  await app.init();
  loadShedder.start();
  lifecycle.markRunning();
  const shutdown = new GracefulShutdown(app, lifecycle, {
    drainDelayMs: config.shutdownDrainDelayMs,
    timeoutMs: config.shutdownTimeoutMs,
    logger,
    exit: options.exit,
  });
  return { app, config, logger, metrics, loadShedder, lifecycle, shutdown };
}
