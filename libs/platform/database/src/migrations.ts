import { DataSource, type DataSourceOptions } from 'typeorm';

/** Advisory lock key held while migrating, so two replicas starting at once do not both apply the same migration. */
const MIGRATION_LOCK_KEY = 'taskhub:migrations';

/** Applies every pending migration (each in its own transaction) and returns the names applied; idempotent. */
export async function runMigrations(options: DataSourceOptions): Promise<string[]> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK_KEY]);
    return applied.map((m) => m.name);
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}

/** Names of the migrations the data source knows that are not recorded as applied in its database. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  let rows: Array<{ name: string }>;
  try {
    rows = await dataSource.query<Array<{ name: string }>>(`SELECT "name" FROM "${table}"`);
  } catch (error) {
    if (sqlState(error) === '42P01') return dataSource.migrations.map(migrationName); // no table: nothing applied yet
    throw error;
  }
  const applied = new Set(rows.map((r) => r.name));
  return dataSource.migrations.map(migrationName).filter((name) => !applied.has(name));
}

function migrationName(migration: { name?: string; constructor: { name: string } }): string {
  return migration.name ?? migration.constructor.name;
}

function sqlState(error: unknown): unknown {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  return e?.driverError?.code ?? e?.code;
}
