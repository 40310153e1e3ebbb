import { type AddressInfo } from 'node:net';
import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions, pendingMigrations, runMigrations } from '@taskhub/platform-database';
import { createServiceApp, type ServiceApp } from '@taskhub/platform-http';
import { integrationEnv, waitForHealthy } from '@taskhub/platform-testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { UserServiceConfig } from '../src/config/user.config';
import { USER_MIGRATIONS } from '../src/database/migrations';

describe('user-service runtime', () => {
  let service: ServiceApp<UserServiceConfig>;
  let baseUrl: string;
  let firstRun: string[];

  beforeAll(async () => {
    const env = integrationEnv();
    const config = loadServiceConfig(UserServiceConfig, {
      NODE_ENV: 'test',
      DATABASE_URL: env.databaseUrls.user,
      REDIS_URL: env.redisUrl,
      REDIS_KEY_PREFIX: `${env.redisKeyPrefix}user:`,
      RABBITMQ_URL: env.rabbitmqUrl,
    });
    firstRun = await runMigrations(buildDataSourceOptions(config, { migrations: USER_MIGRATIONS }, { poolMax: 2, statementTimeoutMs: 0 }));
    service = await createServiceApp({ module: AppModule, config, logDestination: { write: () => undefined } });
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(service.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await service?.app.close();
  });

  it('should have its migrations applied, idempotently', async () => {
    expect(firstRun).toEqual(USER_MIGRATIONS.map((m) => m.name));
    expect(await pendingMigrations(service.app.get(DataSource))).toEqual([]);
    expect(await runMigrations(buildDataSourceOptions(service.config, { migrations: USER_MIGRATIONS }, { poolMax: 2, statementTimeoutMs: 0 }))).toEqual([]);
  });

  it('should be live and ready', async () => {
    expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
    const ready = await fetch(`${baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', info: { migrations: { status: 'up' }, postgres: { status: 'up' } } });
  });

  it('should report every dependency on /health', async () => {
    const health = await waitForHealthy(baseUrl);

    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      details: { postgres: { status: 'up' }, redis: { status: 'up' }, rabbitmq: { status: 'up' } },
    });
  });

  it('should expose Prometheus metrics labelled with the service', async () => {
    await fetch(`${baseUrl}/api/v1/nothing-here`);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();

    expect(metrics).toContain('http_requests_total{method="GET",route="unmatched",status="404",service="user-service"} 1');
    expect(metrics).toContain('db_pool_connections_in_use{service="user-service"}');
  });
});
