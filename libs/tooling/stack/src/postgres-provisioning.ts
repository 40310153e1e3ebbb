// platform-config's barrel also holds decorated config classes, which need the Reflect metadata API loaded first
import 'reflect-metadata';
import { Client } from 'pg';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { assertTestDatabaseName } from '@taskhub/platform-testing';
import { quoteIdent, quoteLiteral } from './sql-identifiers';

export interface ServiceDatabaseSpec {
  readonly database: string;
  readonly role: string;
  readonly password?: string;
  /** stored as the database comment; the test setups record their owner there so stale runs can be swept */
  readonly comment?: string;
  /**
   * Only the dev stack sets this: it may provision the real taskhub_<service> databases. Everything else must use
   * names containing `_test_`.
   */
  readonly developmentDatabase?: boolean;
}

const DEVELOPMENT_DATABASES = new Set<string>(SERVICE_CATALOG.map((s) => s.database));

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** Runs a CREATE that may race with another process creating the same object. */
async function createIfAbsent(client: Client, exists: string, name: string, create: string): Promise<boolean> {
  const found = await client.query(exists, [name]);
  if (found.rowCount) return false;
  try {
    await client.query(create);
    return true;
  } catch (error) {
    // duplicate_object / duplicate_database / unique_violation: someone else created it in between
    if (['42710', '42P04', '23505'].includes(pgCode(error) ?? '')) return false;
    throw error;
  }
}

/**
 * Idempotently makes a login role and a database owned by it, reachable by that role only:
 * CONNECT is revoked from PUBLIC and granted to the role, so (with trust authentication too) every other non-superuser
 * role gets "permission denied for database".
 */
export async function provisionServiceDatabase(adminUrl: string, spec: ServiceDatabaseSpec): Promise<{ created: boolean }> {
  for (const name of [spec.database, spec.role]) {
    if (!(spec.developmentDatabase && DEVELOPMENT_DATABASES.has(name))) assertTestDatabaseName(name);
  }
  const db = quoteIdent(spec.database);
  const role = quoteIdent(spec.role);
  const password = spec.password === undefined ? '' : ` PASSWORD ${quoteLiteral(spec.password)}`;
  return withAdmin(adminUrl, async (client) => {
    const roleCreated = await createIfAbsent(
      client,
      'SELECT 1 FROM pg_roles WHERE rolname = $1',
      spec.role,
      `CREATE ROLE ${role} LOGIN${password}`,
    );
    if (!roleCreated) await client.query(`ALTER ROLE ${role} LOGIN${password}`);
    const created = await createIfAbsent(
      client,
      'SELECT 1 FROM pg_database WHERE datname = $1',
      spec.database,
      `CREATE DATABASE ${db} OWNER ${role}`,
    );
    await client.query(`ALTER DATABASE ${db} OWNER TO ${role}`);
    await client.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${db} FROM PUBLIC`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${role}`);
    if (spec.comment !== undefined) await client.query(`COMMENT ON DATABASE ${db} IS ${quoteLiteral(spec.comment)}`);
    return { created };
  });
}

/** Terminates its sessions, drops the database, then the role. Refuses anything whose name lacks `_test_`. */
export async function dropServiceDatabase(adminUrl: string, spec: { database: string; role?: string }): Promise<void> {
  assertTestDatabaseName(spec.database);
  if (spec.role !== undefined) assertTestDatabaseName(spec.role);
  await withAdmin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(spec.database)} WITH (FORCE)`);
    if (spec.role !== undefined) await client.query(`DROP ROLE IF EXISTS ${quoteIdent(spec.role)}`);
  });
}

/**
 * Drops every database and role whose name starts with `prefix` (which must contain `_test_`), e.g.
 * `taskhub_test_<runid>_`: the four service databases and any scratch database a test created.
 */
export async function dropDatabasesWithPrefix(adminUrl: string, prefix: string): Promise<string[]> {
  assertTestDatabaseName(prefix);
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return withAdmin(adminUrl, async (client) => {
    const dbs = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [pattern]);
    for (const { datname } of dbs.rows) await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
    const roles = await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [pattern]);
    for (const { rolname } of roles.rows) await client.query(`DROP ROLE IF EXISTS ${quoteIdent(rolname)}`);
    return [...dbs.rows.map((r) => r.datname), ...roles.rows.map((r) => r.rolname)];
  });
}

/** Databases whose name contains `_test_`, with their comments (the owner records of test runs). */
export async function listTestDatabases(adminUrl: string): Promise<{ name: string; comment: string | null }[]> {
  return withAdmin(adminUrl, async (client) => {
    const result = await client.query<{ name: string; comment: string | null }>(
      "SELECT datname AS name, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname LIKE '%\\_test\\_%'",
    );
    return result.rows;
  });
}
