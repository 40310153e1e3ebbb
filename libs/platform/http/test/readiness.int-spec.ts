import { buildDataSourceOptions, runMigrations } from '@taskhub/platform-database';
import { createScratchDatabase, type ScratchDatabase, waitFor, waitForHealthy } from '@taskhub/platform-testing';
import { type RunningProbeService, startProbeService } from './support/probe-service.harness';
import { PROBE_SERVICE_MIGRATIONS } from './support/probe-service.module';

describe('service readiness', () => {
  describe('on a database without migrations', () => {
    let database: ScratchDatabase;
    let svc: RunningProbeService;
    const migrate = (): Promise<string[]> =>
      runMigrations(buildDataSourceOptions(svc.service.config, { migrations: PROBE_SERVICE_MIGRATIONS }, { statementTimeoutMs: 0, poolMax: 2 }));

    beforeAll(async () => {
      database = await createScratchDatabase('probe_unmigrated');
      svc = await startProbeService({ databaseUrl: database.url, migrate: false });
    });

    afterAll(async () => {
      await svc?.close();
      await database?.drop();
    });

    it('should be live but not ready until the migrations are applied, then ready without a restart', async () => {
      // a check may also be down with "no answer within 1000 ms" on a loaded machine (seen in CI): wait for the verdict
      const before = await waitFor(
        async () => {
          const response = await svc.get('/health/ready');
          const body = (await response.json()) as { error?: { migrations?: { message?: string } } };
          return body.error?.migrations?.message?.startsWith('no answer') ? undefined : { status: response.status, body };
        },
        { description: 'the readiness verdict on the migrations' },
      );

      expect((await svc.get('/health/live')).status).toBe(200);
      expect(before.status).toBe(503);
      expect(before.body).toMatchObject({
        status: 'error',
        error: { migrations: { status: 'down', message: 'pending migrations' } },
        info: { postgres: { status: 'up' }, service: { status: 'up' } },
      });

      await migrate();

      const after = await waitFor(
        async () => {
          const response = await svc.get('/health/ready');
          return response.status === 200 ? await response.json() : undefined;
        },
        { description: 'ready once the migrations are applied, without a restart' },
      );
      expect(after).toMatchObject({ status: 'ok', info: { migrations: { status: 'up' }, postgres: { status: 'up' } } });
    });

    it('should apply nothing the second time (idempotent)', async () => {
      const applied = await migrate();

      expect(applied).toEqual([]);
    });
  });

  describe('with every dependency up', () => {
    let svc: RunningProbeService;

    beforeAll(async () => {
      svc = await startProbeService();
    });

    afterAll(async () => {
      await svc.close();
    });

    it('should report postgres, redis and rabbitmq up on /health', async () => {
      const health = await waitForHealthy(svc.baseUrl);

      expect(health.status).toBe(200);
      expect(health.body).toEqual({
        status: 'ok',
        info: { postgres: { status: 'up' }, redis: { status: 'up' }, rabbitmq: { status: 'up' } },
        error: {},
        details: { postgres: { status: 'up' }, redis: { status: 'up' }, rabbitmq: { status: 'up' } },
      });
    });

    it('should answer /health/live with 200 without checking dependencies', async () => {
      const response = await svc.get('/health/live');

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok' });
    });
  });
});
