import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions, runMigrations } from '@taskhub/platform-database';
import { describeServiceRuntime } from '@taskhub/platform-service-testing';
import { createScratchDatabase, integrationEnv, type ScratchDatabase, serviceTestEnv } from '@taskhub/platform-testing';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { TaskServiceConfig } from '../src/config/task.config';
import { TASK_DATABASE } from '../src/database/task-database';

describeServiceRuntime({ configClass: TaskServiceConfig, module: AppModule, database: TASK_DATABASE });

describe('task-service migrations', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase('task_baseline');
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should set the database defaults of the baseline migration', async () => {
    const config = loadServiceConfig(TaskServiceConfig, serviceTestEnv(integrationEnv(), 'task', { DATABASE_URL: database.url }));
    await runMigrations(buildDataSourceOptions(config, TASK_DATABASE, { poolMax: 2, statementTimeoutMs: 0 }));
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const rows = await client
      .query<{ setconfig: string[] }>(
        'SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = $1 AND s.setrole = 0',
        [database.name],
      )
      .finally(() => client.end());

    expect(rows.rows[0]?.setconfig).toEqual(expect.arrayContaining(['TimeZone=UTC', 'idle_in_transaction_session_timeout=60s']));
  });
});
