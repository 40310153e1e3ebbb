import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { type DynamicModule, type Type } from '@nestjs/common';
import { type BaseServiceConfig, loadServiceConfig, type ServiceConfigClass } from '@taskhub/platform-config';
import { buildDataSourceOptions, pendingMigrations, runMigrations, type ServiceDatabaseDefinition } from '@taskhub/platform-database';
import { createServiceApp, OPENAPI_DOCUMENT_PATH, type ServiceApp } from '@taskhub/platform-http';
import { accessClaims, integrationEnv, serviceTestEnv, signRs256, waitForHealthy } from '@taskhub/platform-testing';
import { DataSource } from 'typeorm';
import { sendRaw, sendRawForBody, spellingProbes, tokenRoutes } from './url-spellings';

export interface ServiceRuntimeSuiteOptions<T extends BaseServiceConfig> {
  readonly configClass: ServiceConfigClass<T>;
  /** the service's AppModule */
  readonly module: Type<unknown> | DynamicModule;
  readonly database: ServiceDatabaseDefinition;
}

/**
 * What every service must do from day one, as one Jest suite a service's integration spec calls: its migrations
 * apply to its own per-run database (and a second run applies none), live and ready, every dependency on /health,
 * Prometheus metrics labelled with the service, its OpenAPI document served without a token, every route that needs a
 * token refusing a request without one however its path is spelled. The service runs in-process on a free port, against this run's
 * database, Redis prefix and vhost. (Its own library, apart from platform-testing, because it loads Nest, TypeORM and
 * the service runtime, which the test tooling and `npm start` do not need.)
 */
export function describeServiceRuntime<T extends BaseServiceConfig>(options: ServiceRuntimeSuiteOptions<T>): void {
  const name = `${options.configClass.service}-service`;
  const migrate = (config: T): Promise<string[]> =>
    runMigrations(buildDataSourceOptions(config, options.database, { poolMax: 2, statementTimeoutMs: 0 }));

  describe(`${name} runtime`, () => {
    let service: ServiceApp<T>;
    let baseUrl: string;
    let firstRun: string[];

    beforeAll(async () => {
      const env = integrationEnv();
      const config = loadServiceConfig(options.configClass, serviceTestEnv(env, options.configClass.service));
      firstRun = await migrate(config);
      service = await createServiceApp({ module: options.module, config, logDestination: { write: () => undefined } });
      await service.app.listen({ port: 0, host: '127.0.0.1' });
      baseUrl = `http://127.0.0.1:${(service.app.getHttpServer().address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await service?.app.close();
    });

    it('should have its migrations applied, idempotently', async () => {
      expect(firstRun).toEqual(options.database.migrations.map((m) => m.name));
      expect(await pendingMigrations(service.app.get(DataSource))).toEqual([]);
      expect(await migrate(service.config)).toEqual([]);
    });

    it('should have a schema that matches its entities (migrations and entities never drift apart)', async () => {
      const diff = await service.app.get(DataSource).driver.createSchemaBuilder().log();

      expect(diff.upQueries.map((q) => q.query)).toEqual([]);
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

      expect(metrics).toContain(`http_requests_total{method="GET",route="unmatched",status="404",service="${name}"} 1`);
      expect(metrics).toContain(`db_pool_connections_in_use{service="${name}"}`);
    });

    it('should refuse every route that needs a token without one, however its path is spelled (never 200 or 500)', async () => {
      const probes = await spellingProbes(baseUrl);
      const answers = await Promise.all(probes.map(async (p) => ({ ...p, status: await sendRaw(baseUrl, p.method, p.target) })));
      const wrong = answers.filter((a) => !a.allowed.includes(a.status)).map((a) => `${a.method} ${a.target}: ${a.status}`);

      expect(wrong).toEqual([]);
      expect(answers.length).toBe(probes.length);
    });

    it("should refuse every route that changes something to a read-only API key's token with 403 (scope, or a login session's route)", async () => {
      const { jwtKeysDir } = integrationEnv();
      const kid = readdirSync(jwtKeysDir).find((f) => f.endsWith('.private.pem'))!.replace(/\.private\.pem$/, '');
      const readOnly = { authorization: `Bearer ${signRs256(jwtKeysDir, kid, { payload: accessClaims(randomUUID(), { scope: 'read' }) })}` };
      const writes = (await tokenRoutes(baseUrl)).filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
      const answers = await Promise.all(writes.map(async (r) => ({ ...r, ...(await sendRawForBody(baseUrl, r.method, r.path, readOnly)) })));
      const refusals: readonly unknown[] = ['AUTH.INSUFFICIENT_SCOPE', 'AUTH.LOGIN_SESSION_REQUIRED'];
      const wrong = answers
        .filter((a) => a.status !== 403 || !refusals.includes((JSON.parse(a.body) as { code?: unknown }).code))
        .map((a) => `${a.method} ${a.path}: ${a.status} ${a.body}`);

      expect(wrong).toEqual([]);
    });

    it('should keep its probes, metrics and OpenAPI document reachable without a token', async () => {
      const statuses = await Promise.all(['/health/live', '/health/ready', '/metrics', OPENAPI_DOCUMENT_PATH].map((p) => sendRaw(baseUrl, 'GET', p)));

      expect(statuses).toEqual([200, 200, 200, 200]);
    });

    it('should serve its OpenAPI document without a token, the one committed in docs/openapi/', async () => {
      const response = await fetch(`${baseUrl}${OPENAPI_DOCUMENT_PATH}`);
      const committed = path.resolve(__dirname, `../../../../docs/openapi/${options.configClass.service}.json`);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      // the running service builds it from the same code as `npm run docs:openapi` (tools/openapi checks that file)
      expect(await response.text()).toBe(readFileSync(committed, 'utf8'));
    });
  });
}
