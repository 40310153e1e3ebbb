import { type ClientBase } from 'pg';
import { seedShape } from './seed-shape';
import { helperFunctions, LABELS_SQL, MEMBER_ROWS_SQL, MEMBERS_SQL, PEOPLE_SQL, PROJECT_ROWS_SQL, PROJECTS_SQL, SEEDED_TABLES } from './seed-sql';
import {
  ASSIGNEES_SQL,
  BULK_TABLES,
  COMMENT_ROWS_SQL,
  SEARCH_TRIGGERS_OFF_SQL,
  SEARCH_TRIGGERS_ON_SQL,
  SEARCH_VECTORS_SQL,
  SECONDARY_INDEXES_SQL,
  SEED_COMMENT_SQL,
  SEED_TASK_SQL,
  TASK_LABELS_SQL,
  TASK_ROWS_SQL,
} from './seed-task-sql';

export interface SeedOptions {
  readonly tasks: number;
  /** the same seed (and anchor) gives the same rows; default 1 */
  readonly seed?: number;
  /** "now" of the data: due dates, overdue tasks and ages are relative to it; default today 00:00 UTC */
  readonly anchor?: Date;
  /** ANALYZE the seeded tables afterwards (default true): plans are only realistic with statistics */
  readonly analyze?: boolean;
}

/** What one table got and how long it took. */
export interface SeedStep {
  readonly table: string;
  readonly rows: number;
  readonly ms: number;
}

export interface SeedReport {
  readonly seed: number;
  readonly anchor: string;
  readonly steps: readonly SeedStep[];
  readonly totalMs: number;
}

/** Today at midnight UTC: the default anchor, so a seed is the same all day. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * A bulk load into the task tables (task, task_assignee, task_label, comment) as the Postgres manual advises: `off`
 * drops their secondary indexes and pauses their search triggers, `on` builds the indexes again from all rows (far
 * cheaper than maintaining them row by row) and resumes the triggers. Both run in the caller's transaction, which
 * then locks those tables: for a database nobody else uses meanwhile. The rows inserted in between must carry their
 * search vectors as task_search_document computes them.
 */
export async function bulkLoadStatements(client: ClientBase): Promise<{ off: string[]; on: string[] }> {
  const indexes = await client.query<{ name: string; definition: string }>(SECONDARY_INDEXES_SQL, [BULK_TABLES]);
  return {
    off: [...indexes.rows.map((i) => `DROP INDEX ${i.name}`), ...SEARCH_TRIGGERS_OFF_SQL],
    on: [...indexes.rows.map((i) => i.definition), ...SEARCH_TRIGGERS_ON_SQL],
  };
}

/**
 * Fills the task service's (migrated) database with `tasks` tasks and everything around them, in one transaction
 * that locks the task tables (their secondary indexes are dropped and built again, their search triggers paused: a
 * database nobody else uses meanwhile):
 * people, Zipf-sized projects (keys SEED1, SEED2, …: a second seed into the same database fails on project_key_idx),
 * members, labels, tasks, assignees, task labels and comments. Keeps the service's invariants: per-project numbers
 * 1..n without gaps and task_counter = n, assignees and authors are members of the task's project, labels are the
 * project's, parents are tasks of the same project (two levels).
 */
export async function seedTasks(client: ClientBase, options: SeedOptions): Promise<SeedReport> {
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 9_000_000) throw new Error(`seed must be an integer 0..9000000, got ${seed}`);
  const shape = seedShape(options.tasks);
  const anchor = (options.anchor ?? startOfUtcDay(new Date())).toISOString();
  const steps: SeedStep[] = [];
  const started = Date.now();
  /** Runs a table's statements, each with its own parameters, and notes the rows inserted and the time. */
  const step = async (table: string, statements: readonly (readonly [string, unknown[]?])[]): Promise<void> => {
    const from = Date.now();
    let rows = 0;
    for (const [sql, params] of statements) {
      const result = await client.query(sql, params ?? []);
      if (result.command === 'INSERT' || result.command === 'UPDATE') rows += result.rowCount ?? 0;
    }
    steps.push({ table, rows, ms: Date.now() - from });
  };

  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL synchronous_commit = off`);
    await client.query(`SET LOCAL work_mem = '64MB'`);
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    for (const sql of helperFunctions(seed)) await client.query(sql);
    const [people, personRows] = PEOPLE_SQL;
    await step('person', [
      [people, [anchor, shape.people]],
      [personRows, [anchor, shape.powerUsers]],
    ]);
    const sizes = (key: 'tasks' | 'members' | 'labels'): number[] => shape.projects.map((p) => p[key]);
    const [projects, projectKey] = PROJECTS_SQL;
    await step('(projects)', [[projects, [anchor, sizes('tasks'), sizes('members'), sizes('labels')]], [projectKey]]);
    const [members, memberKey] = MEMBERS_SQL;
    await step('(members)', [[members, [shape.people, shape.powerUsers]], [memberKey]]);
    await step('project', [[PROJECT_ROWS_SQL, [anchor]]]);
    await step('project_member', [[MEMBER_ROWS_SQL]]);
    await step('label', LABELS_SQL.map((sql) => [sql] as const));
    await step('(draw tasks)', [[SEED_TASK_SQL, [anchor]], [SEED_COMMENT_SQL, [anchor]]]);
    await step('(search vectors)', SEARCH_VECTORS_SQL.map((sql) => [sql] as const));
    const bulk = await bulkLoadStatements(client);
    await step('(indexes off)', bulk.off.map((sql) => [sql] as const));
    await step('task', [[TASK_ROWS_SQL]]);
    await step('comment', [[COMMENT_ROWS_SQL]]);
    await step('task_assignee', [[ASSIGNEES_SQL]]);
    await step('task_label', [[TASK_LABELS_SQL]]);
    await step('(indexes on)', bulk.on.map((sql) => [sql] as const));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  // VACUUM sets the visibility map (index-only scans), ANALYZE gives the planner the statistics of the new data
  if (options.analyze ?? true) await step('(vacuum analyze)', [[`VACUUM (ANALYZE) ${SEEDED_TABLES.join(', ')}`]]);
  return { seed, anchor, steps, totalMs: Date.now() - started };
}

/** One line per table, then the total: what `npm run seed` prints. */
export function formatSeedReport(report: SeedReport): string[] {
  const lines = report.steps.map((s) => `${s.table.padEnd(16)} ${String(s.rows).padStart(10)} rows ${String(s.ms).padStart(8)} ms`);
  return [`seed ${report.seed}, anchor ${report.anchor}`, ...lines, `total ${(report.totalMs / 1000).toFixed(1)} s`];
}
