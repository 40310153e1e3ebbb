import { type DynamicModule, type INestApplication, Module, RequestMethod, type Type } from '@nestjs/common';
import { BaseServiceConfig } from '@taskhub/platform-config';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { LoadShedder } from './load-shedding';

/** Business routes live under /api/v1; probes and metrics stay at the root. */
export const GLOBAL_PREFIX = 'api/v1';
const UNPREFIXED = ['health', 'health/live', 'health/ready', 'metrics'].map((path) => ({ path, method: RequestMethod.GET }));

@Module({})
class ServiceRootModule {}

/** The root a service runs under: its module, with config, metrics and the load shedder provided globally. */
export function serviceRootModule(
  module: Type<unknown> | DynamicModule,
  config: BaseServiceConfig,
  metrics: ServiceMetrics,
  loadShedder: LoadShedder,
): DynamicModule {
  return {
    module: ServiceRootModule,
    global: true,
    imports: [module],
    providers: [
      { provide: BaseServiceConfig, useValue: config },
      { provide: config.constructor, useValue: config },
      { provide: ServiceMetrics, useValue: metrics },
      { provide: LoadShedder, useValue: loadShedder },
    ],
    exports: [BaseServiceConfig, config.constructor, ServiceMetrics],
  };
}

/** Puts every route under /api/v1 but the probes and /metrics (also what the OpenAPI document's paths are built from). */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix(GLOBAL_PREFIX, { exclude: UNPREFIXED });
}
