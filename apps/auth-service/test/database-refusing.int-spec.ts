import { integrationEnv, waitFor } from '@taskhub/platform-testing';
import { Client } from 'pg';
import { accountInput, AuthHarness } from './support/auth-harness';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  correlationId: string;
  errorId?: string;
}

/** The admin's view of the scratch database: refuse new connections and end the pool's open ones. */
async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: integrationEnv().adminDatabaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('auth-service while its database refuses connections (ALLOW_CONNECTIONS false)', () => {
  let auth: AuthHarness;
  let database: string;
  const account = accountInput('refused');

  beforeAll(async () => {
    auth = await AuthHarness.start({ label: 'auth_db_refusing' });
    await auth.register(account);
    database = (await auth.dataSource.query<{ name: string }[]>('SELECT current_database() AS name'))[0].name;
    await admin(async (client) => {
      await client.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
      const clients = `FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()`;
      await waitFor(
        async () => {
          await client.query(`SELECT pg_terminate_backend(pid) ${clients}`, [database]);
          return (await client.query(`SELECT pid ${clients}`, [database])).rowCount === 0;
        },
        { description: `no connection left to ${database}` },
      );
    });
  });

  afterAll(async () => {
    if (database) await admin((client) => client.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`));
    await auth?.close();
  });

  it.each([
    ['login', '/login', () => ({ email: account.email, password: account.password })],
    ['registration', '/register', () => accountInput('refused-new')],
  ])('should answer %s with 503 DEPENDENCY.UNAVAILABLE and Retry-After (was 500 INTERNAL)', async (_label, route, body) => {
    const response = await auth.post<ErrorBody>(route, body());

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const { errorId, ...shape } = response.body;
    expect(errorId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/); // 5xx: quoted to find the log line
    expect(shape).toEqual({
      statusCode: 503,
      code: 'DEPENDENCY.UNAVAILABLE',
      message: 'the service database is unavailable, retry later',
      correlationId: response.headers.get('x-request-id'),
    });
  });
});
