import { Client } from 'pg';
import { integrationEnv } from './integration-env';
import { assertTestDatabaseName, scratchDatabaseName } from './test-names';

/** A throw-away database of this test run, reached as the superuser: for tests that need their own schema. */
export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  /** drops it, whoever is still connected (the run's teardown would sweep it anyway) */
  drop(): Promise<void>;
}

/** Runs one statement as the superuser on the maintenance database. */
export async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: integrationEnv().adminDatabaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates `taskhub_test_<runid>_<label>` (empty: no migrations applied). */
export async function createScratchDatabase(label: string): Promise<ScratchDatabase> {
  const env = integrationEnv();
  const name = assertTestDatabaseName(scratchDatabaseName(env.runId, label));
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(env.adminDatabaseUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
