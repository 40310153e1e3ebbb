import { Client } from 'pg';
import { integrationEnv, scratchDatabaseName } from '@taskhub/platform-testing';
import { dropServiceDatabase, provisionServiceDatabase } from './postgres-provisioning';

function urlFor(adminUrl: string, role: string, database: string): string {
  const url = new URL(adminUrl);
  url.username = role;
  url.password = 'scratch_pw';
  url.pathname = `/${database}`;
  return url.toString();
}

async function connectAs(adminUrl: string, role: string, database: string): Promise<Client> {
  const client = new Client({ connectionString: urlFor(adminUrl, role, database) });
  await client.connect();
  return client;
}

describe(provisionServiceDatabase.name, () => {
  const env = integrationEnv();
  const a = scratchDatabaseName(env.runId, 'prov_a');
  const b = scratchDatabaseName(env.runId, 'prov_b');

  beforeAll(async () => {
    for (const name of [a, b]) {
      await provisionServiceDatabase(env.adminDatabaseUrl, { database: name, role: name, password: 'scratch_pw' });
    }
  });

  afterAll(async () => {
    for (const name of [a, b]) await dropServiceDatabase(env.adminDatabaseUrl, { database: name, role: name });
  });

  it('should let a role use the database it owns', async () => {
    const client = await connectAs(env.adminDatabaseUrl, a, a);
    try {
      await client.query('CREATE TABLE owned_here (id int)');
      const { rows } = await client.query<{ owner: string }>(
        'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()',
      );
      expect(rows[0].owner).toBe(a);
    } finally {
      await client.end();
    }
  });

  it("should keep a role out of another service's database", async () => {
    await expect(connectAs(env.adminDatabaseUrl, a, b)).rejects.toThrow(/permission denied for database/);
  });

  it('should be idempotent', async () => {
    await expect(provisionServiceDatabase(env.adminDatabaseUrl, { database: a, role: a, password: 'scratch_pw' })).resolves.toEqual({
      created: false,
    });
  });

  it('should refuse to create or drop a database that is not a test database', async () => {
    await expect(provisionServiceDatabase(env.adminDatabaseUrl, { database: 'taskhub_task', role: 'taskhub_task' })).rejects.toThrow(
      /refusing/,
    );
    await expect(dropServiceDatabase(env.adminDatabaseUrl, { database: 'taskhub_task' })).rejects.toThrow(/refusing/);
  });
});

describe(dropServiceDatabase.name, () => {
  const env = integrationEnv();

  it('should drop a database even while someone is connected, and its role', async () => {
    const name = scratchDatabaseName(env.runId, 'prov_drop');
    await provisionServiceDatabase(env.adminDatabaseUrl, { database: name, role: name, password: 'scratch_pw' });
    const session = await connectAs(env.adminDatabaseUrl, name, name);
    session.on('error', () => undefined);

    await dropServiceDatabase(env.adminDatabaseUrl, { database: name, role: name });

    const admin = new Client({ connectionString: env.adminDatabaseUrl });
    await admin.connect();
    try {
      const dbs = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      const roles = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
      expect(dbs.rowCount).toBe(0);
      expect(roles.rowCount).toBe(0);
    } finally {
      await admin.end();
      await session.end().catch(() => undefined);
    }
  });
});
