import { Module } from '@nestjs/common';
import { BaseServiceConfig, type ServiceName } from '@taskhub/platform-config';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { PlatformModule } from '../../src/platform.module';
import { ProbeController, RequestGate } from './probe.controller';

/** The probe service names itself 'task' (a catalog service is required): its metrics say service="task-service". */
export class ProbeServiceConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'task';
}

/** One migration of its own, so that readiness has one to wait for on a database where it is not applied yet. */
export class CreateProbeItem1795700000000 implements MigrationInterface {
  name = 'CreateProbeItem1795700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE probe_item (id text PRIMARY KEY)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE probe_item');
  }
}

export const PROBE_SERVICE_MIGRATIONS = [CreateProbeItem1795700000000];

/**
 * A service as PlatformModule builds one (database, Redis, RabbitMQ, auth guard, health, metrics) with the probe routes
 * instead of business ones: the runtime tests of this folder run it in-process (probe-service.harness.ts).
 */
@Module({
  imports: [PlatformModule.forRoot({ database: { migrations: PROBE_SERVICE_MIGRATIONS } })],
  controllers: [ProbeController],
  providers: [RequestGate],
})
export class ProbeServiceModule {}
