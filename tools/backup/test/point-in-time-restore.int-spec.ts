import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { assertTestDatabaseName, getFreePort, integrationEnv, scratchDatabaseName } from '@taskhub/platform-testing';
import {
  type BackupSetInfo,
  configureArchiving,
  giveToClusterOwner,
  PgBackRest,
  type RecoveryTarget,
  removeAbandonedWorkDirs,
  ScratchCluster,
} from '../src';

const exec = promisify(execFile);
const TASK_MIGRATE = path.resolve(__dirname, '../../../dist/apps/task-service/src/migrate.js');
const STANZA = 'taskhub';
const WORK_DIR_PREFIX = 'taskhub_test_pitr_';
/** a work folder this old belongs to a run killed before its cleanup, not to one going on beside this one */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

type ProjectRow = { key: string; name: string };

/** The restore point the runbook has an operator make before a release (docs/operations.md, "Deploy"). */
const RESTORE_POINT = 'before-release-2';

/**
 * A real point-in-time restore with pgBackRest, as docs/operations.md tells an operator to do it: a scratch cluster
 * archiving through tools/backup/config, the task service's schema, a base backup, writes before and after a chosen
 * moment and a named restore point, then restores to each into clusters of their own. The machine's own cluster is
 * not touched.
 */
describe('point-in-time restore (pgBackRest)', () => {
  let workDir: string;
  let source: ScratchCluster;
  const restoredClusters: ScratchCluster[] = [];
  let pgbackrest: PgBackRest;
  let database: string;
  let backup: BackupSetInfo;
  let targetTime: string;

  const write = (sql: string): Promise<unknown> => source.query(database, sql);
  const project = (key: string): Promise<unknown> =>
    source.query(database, 'INSERT INTO project (id, key, name, created_by) VALUES ($1, $2, $3, $4)', [
      randomUUID(),
      key,
      `Project ${key}`,
      randomUUID(),
    ]);

  /** Restores into a new cluster beside the source, waits until it is promoted, and reports how long that took. */
  async function restoreTo(target: RecoveryTarget): Promise<ScratchCluster> {
    const cluster = new ScratchCluster(path.join(workDir, `restored${restoredClusters.length + 1}`), await getFreePort(), workDir);
    restoredClusters.push(cluster);
    const started = performance.now();
    await pgbackrest.restore(cluster.dataDir, target, backup.label); // pgBackRest's own pick compares whole seconds: a target in the backup's last second finds none
    const filesRestored = performance.now();
    await cluster.start({ archive_mode: 'off' }); // beside the source: it must not archive into the source's stanza
    await cluster.waitForPromotion();
    const promoted = performance.now();
    process.stdout.write(
      `[point-in-time restore] recovered to ${JSON.stringify(target)} in ${seconds(promoted - started)} s (restore ` +
        `start to promoted cluster answering: files ${seconds(filesRestored - started)} s, start, WAL replay and ` +
        `promotion ${seconds(promoted - filesRestored)} s); base backup ${mb(backup.info.size)} MB, ` +
        `${mb(backup.info.repository.size)} MB in the repository\n`,
    );
    return cluster;
  }

  beforeAll(async () => {
    if (!existsSync(TASK_MIGRATE)) throw new Error(`${TASK_MIGRATE} is missing: build first (node tools/build.mjs)`);
    await PgBackRest.version();
    database = assertTestDatabaseName(scratchDatabaseName(integrationEnv().runId, 'pitr_task'));
    await removeAbandonedWorkDirs(tmpdir(), WORK_DIR_PREFIX, ABANDONED_AFTER_MS);
    workDir = await mkdtemp(path.join(tmpdir(), WORK_DIR_PREFIX));
    await giveToClusterOwner(workDir);
    source = new ScratchCluster(path.join(workDir, 'source'), await getFreePort(), workDir);

    await source.init();
    pgbackrest = await configureArchiving(source, workDir, STANZA);
    await source.start();
    await pgbackrest.stanzaCreate();
    await pgbackrest.check();
    await source.query('postgres', `CREATE DATABASE "${database}"`);
    await exec(process.execPath, [TASK_MIGRATE], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: source.url(database) },
    });

    await pgbackrest.backup('full');
    const [full] = await pgbackrest.backups();
    if (full === undefined) throw new Error('pgbackrest info lists no backup');
    backup = full;
    // each statement is a transaction of its own
    await project('BEFORE1');
    await project('BEFORE2');
    await write(`UPDATE project SET name = 'renamed before' WHERE key = 'BEFORE2'`);
    [{ targetTime }] = await source.query<{ targetTime: string }>(database, 'SELECT clock_timestamp()::text AS "targetTime"');
    await project('AFTER1');
    await source.query('postgres', `SELECT pg_create_restore_point('${RESTORE_POINT}')`);
    await write(`UPDATE project SET name = 'renamed after' WHERE key = 'BEFORE1'`);
    await write(`DELETE FROM project WHERE key = 'BEFORE2'`);
    await project('AFTER2');
    await source.query('postgres', 'SELECT pg_switch_wal()');
  }, 180_000);

  afterAll(async () => {
    for (const cluster of [...restoredClusters, source]) await cluster?.stop().catch(() => undefined);
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }, 60_000);

  it('should bring back every change committed up to the chosen moment and none after it', async () => {
    const restored = await restoreTo({ time: targetTime });

    expect(await restored.query<ProjectRow>(database, 'SELECT key, name FROM project ORDER BY key')).toEqual([
      { key: 'BEFORE1', name: 'Project BEFORE1' },
      { key: 'BEFORE2', name: 'renamed before' },
    ]);
    await restored.query(database, `INSERT INTO project (id, key, name, created_by) VALUES ($1, 'WRITABLE', 'x', $1)`, [randomUUID()]);
    await restored.stop();
  }, 180_000);

  it('should bring back the database as it was at a named restore point', async () => {
    const restored = await restoreTo({ name: RESTORE_POINT });

    expect(await restored.query<ProjectRow>(database, 'SELECT key, name FROM project ORDER BY key')).toEqual([
      { key: 'AFTER1', name: 'Project AFTER1' },
      { key: 'BEFORE1', name: 'Project BEFORE1' },
      { key: 'BEFORE2', name: 'renamed before' },
    ]);
    await restored.stop();
  }, 180_000);
});

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
