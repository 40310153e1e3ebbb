import { buildDataSourceOptions, runMigrations } from '@taskhub/platform-database';
import { assertTestDatabaseName, integrationEnv, scratchDatabaseName, waitFor, waitForHealthy } from '@taskhub/platform-testing';
import { Client } from 'pg';
import { TASK_MIGRATIONS } from '../src/database/migrations';
import { type RunningTaskService, startTaskService } from './support/task-service.harness';

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: integrationEnv().adminDatabaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('task-service readiness', () => {
  describe('on a database without migrations', () => {
    const env = integrationEnv();
    const database = assertTestDatabaseName(scratchDatabaseName(env.runId, 'task_unmigrated'));
    const url = new URL(env.adminDatabaseUrl);
    url.pathname = `/${database}`;
    let svc: RunningTaskService;

    beforeAll(async () => {
      await admin((c) => c.query(`CREATE DATABASE "${database}"`));
      svc = await startTaskService({ databaseUrl: url.toString(), migrate: false });
    });

    afterAll(async () => {
      await svc?.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
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

      await runMigrations(buildDataSourceOptions(svc.service.config, { migrations: TASK_MIGRATIONS }, { statementTimeoutMs: 0, poolMax: 2 }));

      const after = await waitFor(
        async () => {
          const response = await svc.get('/health/ready');
          return response.status === 200 ? await response.json() : undefined;
        },
        { description: 'ready once the migrations are applied, without a restart' },
      );
      expect(after).toMatchObject({ status: 'ok', info: { migrations: { status: 'up' }, postgres: { status: 'up' } } });
    });

    it('should have set the database defaults of the baseline migration', async () => {
      const rows = await admin((c) => c.query<{ setconfig: string[] }>(
        'SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = $1 AND s.setrole = 0',
        [database],
      ));

      expect(rows.rows[0]?.setconfig).toEqual(expect.arrayContaining(['TimeZone=UTC', 'idle_in_transaction_session_timeout=60s']));
    });

    it('should apply nothing the second time (idempotent)', async () => {
      const applied = await runMigrations(buildDataSourceOptions(svc.service.config, { migrations: TASK_MIGRATIONS }, { statementTimeoutMs: 0, poolMax: 2 }));

      expect(applied).toEqual([]);
    });
  });

  describe('with every dependency up', () => {
    let svc: RunningTaskService;

    beforeAll(async () => {
      svc = await startTaskService();
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
