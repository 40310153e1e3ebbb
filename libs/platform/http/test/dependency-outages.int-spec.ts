import { createScratchDatabase, FaultProxy, integrationEnv, type ScratchDatabase, waitFor } from '@taskhub/platform-testing';
import { type RunningProbeService, startProbeService } from './support/probe-service.harness';

type HealthBody = { status: string; details: Record<string, { status: string; message?: string }> };

async function health(svc: RunningProbeService): Promise<{ status: number; body: HealthBody }> {
  const response = await svc.get('/health');
  return { status: response.status, body: (await response.json()) as HealthBody };
}

function targetOf(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port) };
}

describe('service dependency outages', () => {
  describe('Redis', () => {
    let proxy: FaultProxy;
    let svc: RunningProbeService;

    beforeAll(async () => {
      const env = integrationEnv();
      proxy = await FaultProxy.start({ target: targetOf(env.redisUrl) });
      svc = await startProbeService({ env: { REDIS_URL: proxy.url(env.redisUrl) } });
      await waitFor(async () => (await health(svc)).body.details.redis?.status === 'up', { description: 'redis up', timeoutMs: 5000 });
    });

    afterAll(async () => {
      await svc.close();
      await proxy.close();
    });

    it('should report redis down within 5 s, stay ready and keep serving, then recover without a restart', async () => {
      proxy.cut();

      const degraded = await waitFor(
        async () => {
          const h = await health(svc);
          return h.body.details.redis?.status === 'down' ? h : undefined;
        },
        { description: '/health to report redis down', timeoutMs: 5000 },
      );
      expect(degraded.status).toBe(200);
      expect(degraded.body.status).toBe('degraded');
      expect(degraded.body.details.postgres).toEqual({ status: 'up' });
      expect((await svc.get('/health/ready')).status).toBe(200);
      expect((await svc.get('/api/v1/test-probe/items/1')).status).toBe(200);

      proxy.restore();

      await waitFor(async () => (await health(svc)).body.details.redis?.status === 'up', {
        description: '/health to report redis up again',
        timeoutMs: 10_000,
      });
      expect((await health(svc)).body.status).toBe('ok');
    });

    it('should report a redis that stops answering as down (PING over the 1 s check timeout), then up again', async () => {
      proxy.blackhole();

      const degraded = await waitFor(
        async () => {
          const h = await health(svc);
          return h.body.details.redis?.status === 'down' ? h : undefined;
        },
        { description: '/health to report the black-holed redis down', timeoutMs: 5000 },
      );
      expect(degraded.status).toBe(200);
      expect(degraded.body.status).toBe('degraded');
      // the check's 1 s deadline and the client's 1 s command timeout race: either names the timeout
      expect(degraded.body.details.redis?.message).toBe('no answer within 1000 ms');
      expect(degraded.body.details.postgres).toEqual({ status: 'up' });

      proxy.restore();

      await waitFor(async () => (await health(svc)).body.details.redis?.status === 'up', {
        description: '/health to report redis up again',
        timeoutMs: 10_000,
      });
    });
  });

  describe('Postgres', () => {
    let database: ScratchDatabase;
    let proxy: FaultProxy;
    let svc: RunningProbeService;

    beforeAll(async () => {
      database = await createScratchDatabase('probe_pg_outage');
      proxy = await FaultProxy.start({ target: targetOf(database.url) });
      // a short statement timeout keeps the black-hole case fast; the mechanism is the same at the default 5 s
      svc = await startProbeService({ databaseUrl: proxy.url(database.url), env: { DATABASE_STATEMENT_TIMEOUT_MS: '1000' } });
    });

    afterEach(async () => {
      proxy.restore();
      await waitFor(async () => (await svc.get('/health/ready')).status === 200, { description: 'ready again', timeoutMs: 20_000 });
    });

    afterAll(async () => {
      await svc.close();
      await proxy.close();
      await database.drop();
    });

    it('should turn not ready and answer database requests 503 quickly when the connection is cut', async () => {
      expect((await svc.get('/api/v1/test-probe/db')).status).toBe(200);

      proxy.cut();

      await waitFor(async () => (await svc.get('/health/ready')).status === 503, { description: 'readiness 503', timeoutMs: 3000 });
      const started = Date.now();
      const response = await svc.get('/api/v1/test-probe/db', { 'x-request-id': 'it-pg-cut' });
      const elapsed = Date.now() - started;

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toMatchObject({ statusCode: 503, code: 'DEPENDENCY.UNAVAILABLE', correlationId: 'it-pg-cut' });
      expect(elapsed).toBeLessThan(3000);
      const report = await health(svc);
      expect(report.status).toBe(503);
      expect(report.body.details.postgres?.status).toBe('down');
      expect((await svc.get('/health/live')).status).toBe(200);
    });

    it('should answer 503 within a few seconds, never hang, when the database is black-holed', async () => {
      expect((await svc.get('/api/v1/test-probe/db')).status).toBe(200);

      proxy.blackhole();

      const started = Date.now();
      const [ready, request] = await Promise.all([svc.get('/health/ready'), svc.get('/api/v1/test-probe/db')]);
      const elapsed = Date.now() - started;

      expect(ready.status).toBe(503);
      expect(request.status).toBe(503);
      expect(await request.json()).toMatchObject({ code: 'DEPENDENCY.UNAVAILABLE' });
      expect(elapsed).toBeLessThan(5000);
    });
  });
});
