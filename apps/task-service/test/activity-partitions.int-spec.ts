import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions, runMigrations } from '@taskhub/platform-database';
import { createScratchDatabase, integrationEnv, type ScratchDatabase, serviceTestEnv } from '@taskhub/platform-testing';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { activityPageQuery, activityWindows } from '../src/activity/activity-page.query';
import { runActivityCli } from '../src/activity/cli/activity-cli';
import { readNdjsonGz } from '../src/activity/partitions/activity-archive-file';
import { addMonths, monthLabel, monthOf, monthStart, partitionName } from '../src/activity/partitions/activity-months';
import { ActivityPartitions } from '../src/activity/partitions/activity-partitions';
import { TaskServiceConfig } from '../src/config/task.config';
import { TASK_MIGRATIONS } from '../src/database/migrations';
import { PartitionActivityByMonth1797050000000 } from '../src/database/migrations/1797050000000-PartitionActivityByMonth';
import { TASK_DATABASE } from '../src/database/task-database';
import { ProjectFixtures } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

const THIS_MONTH = monthOf(new Date());

/** The middle of the month `offset` months from now: a time well inside its partition. */
function midMonth(offset: number, hour = 12): Date {
  return new Date(monthStart(addMonths(THIS_MONTH, offset)).getTime() + (14 * 24 + hour) * 3600_000);
}

/** Every "Relation Name" in an EXPLAIN (FORMAT JSON) plan: the tables (partitions) the query reads. */
function relationsOf(plan: Record<string, unknown>): string[] {
  const own = typeof plan['Relation Name'] === 'string' ? [plan['Relation Name']] : [];
  const children = (plan['Plans'] as Record<string, unknown>[] | undefined) ?? [];
  return [...own, ...children.flatMap(relationsOf)].sort();
}

describe('task-service activity partitions', () => {
  let harness: TaskHarness;
  let fixtures: ProjectFixtures;
  let owner: Person;
  let archiveDir: string;

  beforeAll(async () => {
    archiveDir = mkdtempSync(path.join(tmpdir(), 'activity-archive-'));
    harness = await TaskHarness.start({ label: 'activity_partitions', env: { ACTIVITY_ARCHIVE_DIR: archiveDir } });
    fixtures = new ProjectFixtures(harness);
    owner = await harness.person('Olive Owner');
  });

  afterAll(async () => {
    await harness?.close();
    rmSync(archiveDir, { recursive: true, force: true });
  });

  /** An activity row written straight into the table at `time` (its id carries the same time, as ActivityLog's do). */
  async function insertAt(projectId: string, time: Date): Promise<string> {
    const id = uuidv7({ msecs: time.getTime() });
    await harness.dataSource.query(`INSERT INTO activity (id, project_id, actor_id, action, created_at) VALUES ($1, $2, $3, 'task.updated', $4)`, [
      id,
      projectId,
      owner.id,
      time,
    ]);
    return id;
  }

  async function partitionOf(id: string): Promise<string> {
    const [row] = await harness.dataSource.query<{ partition: string }[]>(`SELECT tableoid::regclass::text AS partition FROM activity WHERE id = $1`, [id]);
    return row?.partition;
  }

  function cliEnv(): Record<string, string> {
    return serviceTestEnv(integrationEnv(), 'task', { DATABASE_URL: harness.under.service.config.databaseUrl, ACTIVITY_ARCHIVE_DIR: archiveDir });
  }

  it('should have created the partitions of this month and the next three at startup', async () => {
    const attached = await harness.under.service.app.get(ActivityPartitions).attached();

    expect(attached).toEqual(expect.arrayContaining([0, 1, 2, 3].map((i) => partitionName(addMonths(THIS_MONTH, i)))));
    expect(attached).toContain('activity_default');
  });

  it('should create a missing partition once when two instances ensure them at the same time', async () => {
    const name = partitionName(addMonths(THIS_MONTH, 3));
    await harness.dataSource.query(`DROP TABLE ${name}`);
    const partitions = harness.under.service.app.get(ActivityPartitions);

    const created = await Promise.all([partitions.ensure(), partitions.ensure()]);

    expect(created.sort((a, b) => a.length - b.length)).toEqual([[], [name]]);
    expect(await partitions.attached()).toContain(name);
  });

  it("should write a change's entry into this month's partition", async () => {
    const project = await fixtures.project(owner);

    const rows = await harness.dataSource.query<{ partition: string; action: string }[]>(
      `SELECT tableoid::regclass::text AS partition, action FROM activity WHERE project_id = $1`,
      [project.id],
    );

    expect(rows).toEqual([{ partition: partitionName(THIS_MONTH), action: 'project.created' }]);
  });

  it('should keep an insert for a month without partition in the default partition, then move it into a new partition', async () => {
    const project = await fixtures.project(owner);
    const far = addMonths(THIS_MONTH, 9);
    const id = await insertAt(project.id, midMonth(9));
    expect(await partitionOf(id)).toBe('activity_default');

    const created = await harness.under.service.app.get(ActivityPartitions).ensure();

    expect(created).toEqual([partitionName(far)]);
    expect(await partitionOf(id)).toBe(partitionName(far));
    expect(await harness.dataSource.query(`SELECT id FROM activity_default`)).toEqual([]);
  });

  it('should delete the entries of a deleted project through the partitioned foreign key, and refuse an unknown project', async () => {
    const project = await fixtures.project(owner);

    expect((await harness.as(owner)('DELETE', `/projects/${project.id}`, { headers: { 'If-Match': '"1"' } })).status).toBe(204);
    expect(await harness.dataSource.query(`SELECT id FROM activity WHERE project_id = $1`, [project.id])).toEqual([]);
    await expect(insertAt(uuidv7(), new Date())).rejects.toMatchObject({ driverError: { code: '23503', constraint: 'activity_project_fk' } });
  });

  it("should read a project's recent page from this month's partition only, and an older page from its month's", async () => {
    const project = await fixtures.project(owner);
    const cursor = await insertAt(project.id, midMonth(-2));
    await harness.under.service.app.get(ActivityPartitions).ensure();
    const explain = async (query: { sql: string; params: unknown[] }): Promise<string[]> => {
      const [row] = await harness.dataSource.query<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }[]>(`EXPLAIN (FORMAT JSON) ${query.sql}`, query.params);
      return relationsOf(row['QUERY PLAN'][0].Plan);
    };

    const [recent] = activityWindows(undefined, midMonth(0));
    const [older] = activityWindows(cursor, midMonth(0));

    expect(await explain(activityPageQuery({ projectId: project.id }, undefined, recent, 21))).toEqual([partitionName(THIS_MONTH)]);
    expect(await explain(activityPageQuery({ projectId: project.id }, cursor, older, 21))).toEqual([partitionName(addMonths(THIS_MONTH, -2))]);
    expect(await explain(activityPageQuery({ taskId: uuidv7() }, undefined, recent, 21))).toEqual([partitionName(THIS_MONTH)]);
  });

  it('should page a history spread over many months newest first, each entry once', async () => {
    const project = await fixtures.project(owner);
    const ids = [(await harness.dataSource.query<{ id: string }[]>(`SELECT id FROM activity WHERE project_id = $1`, [project.id]))[0].id];
    for (const offset of [-1, -2, -2, -7, -30]) ids.push(await insertAt(project.id, midMonth(offset, ids.length)));
    await harness.under.service.app.get(ActivityPartitions).ensure();

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await harness.as(owner)<{ items: { id: string }[]; nextCursor: string | null }>(
        'GET',
        `/projects/${project.id}/activity?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);

    expect(seen).toEqual([...ids].sort().reverse());
  });

  it('should archive an old month to a gzip NDJSON file with exactly its rows, drop its partition and keep recent rows', async () => {
    const project = await fixtures.project(owner);
    const old = addMonths(THIS_MONTH, -14);
    const oldIds = [await insertAt(project.id, midMonth(-14, 1)), await insertAt(project.id, midMonth(-14, 2)), await insertAt(project.id, midMonth(-14, 3))];
    const recentIds = [await insertAt(project.id, midMonth(-11)), await insertAt(project.id, new Date())];
    const out: string[] = [];
    expect(await runActivityCli(['partitions'], { env: cliEnv(), out: (line) => out.push(line) })).toBe(0);
    expect(await partitionOf(oldIds[0])).toBe(partitionName(old));

    expect(await runActivityCli(['archive'], { env: cliEnv(), out: (line) => out.push(line) })).toBe(0);

    const file = path.join(archiveDir, `activity-${monthLabel(old)}.ndjson.gz`);
    expect(out).toContain(`${monthLabel(old)}: 3 rows archived to ${file}`);
    const archived: Record<string, unknown>[] = [];
    for await (const row of readNdjsonGz(file)) archived.push(row);
    expect(archived).toEqual(
      oldIds.map((id, i) => ({
        id,
        project_id: project.id,
        task_id: null,
        actor_id: owner.id,
        actor_name: null,
        action: 'task.updated',
        changes: [],
        created_at: midMonth(-14, i + 1).toISOString(),
      })),
    );
    expect(await harness.dataSource.query(`SELECT to_regclass($1) AS partition`, [partitionName(old)])).toEqual([{ partition: null }]);
    expect(readdirSync(archiveDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const left = await harness.dataSource.query<{ id: string }[]>(`SELECT id FROM activity WHERE project_id = $1 ORDER BY id`, [project.id]);
    expect(left.map((r) => r.id)).toEqual([...(await projectCreated(project.id)), ...recentIds].sort());
  });

  async function projectCreated(projectId: string): Promise<string[]> {
    const rows = await harness.dataSource.query<{ id: string }[]>(`SELECT id FROM activity WHERE project_id = $1 AND action = 'project.created'`, [projectId]);
    return rows.map((r) => r.id);
  }
});

describe('PartitionActivityByMonth migration', () => {
  let database: ScratchDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createScratchDatabase('task_partition_migration');
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('should move every existing row into the partition of its month and keep the keys, indexes and foreign key', async () => {
    const config = loadServiceConfig(TaskServiceConfig, serviceTestEnv(integrationEnv(), 'task', { DATABASE_URL: database.url }));
    const before = TASK_MIGRATIONS.slice(0, TASK_MIGRATIONS.indexOf(PartitionActivityByMonth1797050000000));
    await runMigrations(buildDataSourceOptions(config, { migrations: before }, { poolMax: 2, statementTimeoutMs: 0 }));
    const [project, actor] = [uuidv7(), uuidv7()];
    await client.query(`INSERT INTO project (id, key, name, created_by) VALUES ($1, 'MIG', 'Migrated', $2)`, [project, actor]);
    const times = [new Date('2024-03-31T23:59:59.999Z'), new Date('2024-04-01T00:00:00.000Z'), midMonth(0)];
    const ids = times.map((t) => uuidv7({ msecs: t.getTime() }));
    for (const [i, id] of ids.entries()) {
      await client.query(`INSERT INTO activity (id, project_id, actor_id, action, changes, created_at) VALUES ($1, $2, $3, 'task.updated', $4, $5)`, [
        id,
        project,
        actor,
        JSON.stringify([{ field: 'title', old: 'a', new: `b${i}` }]),
        times[i],
      ]);
    }

    await runMigrations(buildDataSourceOptions(config, TASK_DATABASE, { poolMax: 2, statementTimeoutMs: 0 }));

    const rows = await client.query(`SELECT tableoid::regclass::text AS partition, id, changes, created_at FROM activity ORDER BY id`);
    expect(rows.rows).toEqual([
      { partition: 'activity_2024_03', id: ids[0], changes: [{ field: 'title', old: 'a', new: 'b0' }], created_at: times[0] },
      { partition: 'activity_2024_04', id: ids[1], changes: [{ field: 'title', old: 'a', new: 'b1' }], created_at: times[1] },
      { partition: partitionName(THIS_MONTH), id: ids[2], changes: [{ field: 'title', old: 'a', new: 'b2' }], created_at: times[2] },
    ]);
    const keys = await client.query(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = 'activity'::regclass ORDER BY conname`,
    );
    expect(keys.rows).toEqual([
      { name: 'activity_pkey', definition: 'PRIMARY KEY (id, created_at)' },
      { name: 'activity_project_fk', definition: 'FOREIGN KEY (project_id) REFERENCES project(id) ON DELETE CASCADE' },
    ]);
    const indexes = await client.query(`SELECT relname AS name FROM pg_class WHERE relkind = 'I' AND relname LIKE 'activity%' ORDER BY relname`);
    expect(indexes.rows).toEqual([{ name: 'activity_pkey' }, { name: 'activity_project_idx' }, { name: 'activity_task_idx' }]);
    expect((await client.query(`SELECT to_regclass('activity_unpartitioned') AS old`)).rows).toEqual([{ old: null }]);
    await client.query(`DELETE FROM project WHERE id = $1`, [project]);
    expect((await client.query(`SELECT count(*)::int AS n FROM activity`)).rows).toEqual([{ n: 0 }]);
  });
});
