import { type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type OpenAPIObject } from '@nestjs/swagger';
import { type BaseServiceConfig, loadServiceConfig, type ServiceConfigClass } from '@taskhub/platform-config';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { LoadShedder } from '../load-shedding';
import { applyGlobalPrefix, serviceRootModule } from '../service-root-module';
import { buildOpenApiDocument } from './openapi-document';

export interface OpenApiPreviewOptions<T extends BaseServiceConfig> {
  readonly module: Type<unknown> | DynamicModule;
  readonly config: ServiceConfigClass<T>;
}

/**
 * A service's document without running it: Nest's preview mode resolves the module graph but calls no constructor
 * or factory, so nothing connects to Postgres, Redis or RabbitMQ and the environment is not read (the config is the
 * development defaults; only its service name is used). Same routes, so the same document as the running service.
 */
export async function previewOpenApiDocument<T extends BaseServiceConfig>(options: OpenApiPreviewOptions<T>): Promise<OpenAPIObject> {
  const config = loadServiceConfig(options.config, {});
  const metrics = new ServiceMetrics(`${config.service}-service`);
  const shedder = new LoadShedder({ maxEventLoopDelayMs: config.loadShedMaxEventLoopDelayMs, maxRssMb: config.loadShedMaxRssMb });
  const root = serviceRootModule(options.module, config, metrics, shedder);
  const app = await NestFactory.create<NestFastifyApplication>(root, new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  try {
    applyGlobalPrefix(app);
    return buildOpenApiDocument(app, config);
  } finally {
    await app.close();
  }
}
