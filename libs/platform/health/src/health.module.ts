import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DependencyIndicators } from './dependency-indicators';
import { HealthController } from './health.controller';
import { ServiceLifecycle } from './service-lifecycle';

/** /health/live, /health/ready, /health, and the process lifecycle they report. Needs the database, redis and messaging modules. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [ServiceLifecycle, DependencyIndicators],
  exports: [ServiceLifecycle],
})
export class HealthModule {}
