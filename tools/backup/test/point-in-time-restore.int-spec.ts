import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { assertTestDatabaseName, getFreePort, integrationEnv, scratchDatabaseName } from '@taskhub/platform-testing';
import { configureArchiving, giveToClusterOwner, PgBackRest, ScratchCluster } from '../src';

const exec = promisify(execFile);
const TASK_MIGRATE = path.resolve(__dirname, '../../../dist/apps/task-service/src/migrate.js');
const STANZA = 'taskhub';

type ProjectRow = { key: string; name: string };

/**
 * A real point-in-time restore with pgBackRest, as docs/operations.md tells an operator to do it: a scratch cluster
 * archiving through tools/backup/config, the task service's schema, a base backup, writes before and after a
 * chosen moment, then a restore to that moment into a second cluster. The machine's own cluster is not touched.
 */
describe('point-in-time restore (pgBackRest)', () => {
  let workDir: string;
  let source: ScratchCluster;
  let restored: ScratchCluster;
  let pgbackrest: PgBackRest;
  let database: string;

  const project = (key: string): Promise<unknown> =>
    source.query(database, 'INSERT INTO project (id, key, name, created_by) VALUES ($1, $2, $3, $4)', [
      randomUUID(),
      key,
      `Project ${key}`,
      randomUUID(),
    ]);

  beforeAll(async () => {
    if (!existsSync(TASK_MIGRATE)) throw new Error(`${TASK_MIGRATE} is missing: build first (node tools/build.mjs)`);
    await PgBackRest.version();
    database = assertTestDatabaseName(scratchDatabaseName(integrationEnv().runId, 'pitr_task'));
    workDir = await mkdtemp(path.join(tmpdir(), 'taskhub_test_pitr_'));
    await giveToClusterOwner(workDir);
    source = new ScratchCluster(path.join(workDir, 'source'), await getFreePort(), workDir);
    restored = new ScratchCluster(path.join(workDir, 'restored'), await getFreePort(), workDir);

    await source.init();
    pgbackrest = await configureArchiving(source, workDir, STANZA);
    await source.start();
    await pgbackrest.stanzaCreate();
    await pgbackrest.check();
    await source.query('postgres', `CREATE DATABASE "${database}"`);
    await exec(process.execPath, [TASK_MIGRATE], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: source.url(database) },
    });
  }, 180_000);

  afterAll(async () => {
    await restored?.stop().catch(() => undefined);
    await source?.stop().catch(() => undefined);
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }, 60_000);

  it('should bring back every change committed up to the chosen moment and none after it', async () => {
    await pgbackrest.backup('full');
    const [backup] = await pgbackrest.backups();
    if (backup === undefined) throw new Error('pgbackrest info lists no backup');
    await project('BEFORE1');
    await project('BEFORE2');
    await source.query(database, `UPDATE project SET name = 'renamed before' WHERE key = 'BEFORE2'`);
    const [{ target }] = await source.query<{ target: string }>(database, 'SELECT clock_timestamp()::text AS target');
    await project('AFTER1');
    await source.query(database, `UPDATE project SET name = 'renamed after' WHERE key = 'BEFORE1'`);
    await source.query(database, `DELETE FROM project WHERE key = 'BEFORE2'`);
    await project('AFTER2');
    await source.query('postgres', 'SELECT pg_switch_wal()');

    const started = performance.now();
    await pgbackrest.restore(restored.dataDir, { time: target }, backup.label); // it ended within the target's second
    const restoredFiles = performance.now();
    await restored.start({ archive_mode: 'off' }); // beside the source: it must not archive into the source's stanza
    await restored.waitForPromotion();
    const promoted = performance.now();

    const rows = await restored.query<ProjectRow>(database, 'SELECT key, name FROM project ORDER BY key');
    expect(rows).toEqual([
      { key: 'BEFORE1', name: 'Project BEFORE1' },
      { key: 'BEFORE2', name: 'renamed before' },
    ]);
    await restored.query(database, `INSERT INTO project (id, key, name, created_by) VALUES ($1, 'WRITABLE', 'x', $1)`, [randomUUID()]);
    process.stdout.write(
      `[point-in-time restore] recovered to ${target} in ${seconds(promoted - started)} s (restore start to promoted ` +
        `cluster answering: files ${seconds(restoredFiles - started)} s, start, WAL replay and promotion ` +
        `${seconds(promoted - restoredFiles)} s); base backup ${mb(backup.info.size)} MB, ${mb(backup.info.repository.size)} MB in the repository\n`,
    );
  }, 180_000);
});

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
