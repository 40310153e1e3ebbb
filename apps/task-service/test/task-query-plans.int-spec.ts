import { writeFileSync } from 'node:fs';
import { loadServiceConfig } from '@taskhub/platform-config';
import { buildDataSourceOptions, runMigrations } from '@taskhub/platform-database';
import { createScratchDatabase, integrationEnv, type ScratchDatabase, serviceTestEnv } from '@taskhub/platform-testing';
import { formatPlan, pagePart, planRoot, planViolations, seedTasks } from '@taskhub/tooling-seed';
import { Client } from 'pg';
import { TaskServiceConfig } from '../src/config/task.config';
import { TASK_DATABASE } from '../src/database/task-database';
import { PAGE_ROWS, type QueryShape, shapeContext, taskQueryShapes } from './support/task-query-shapes';

/** the seed's "now": fixed, so the data (and the exact counts below) are the same on every run */
const ANCHOR = new Date('2026-06-01T00:00:00.000Z');
const TASKS = 100_000;

/**
 * Every list shape of GET /tasks and the board on 100,000 seeded tasks, through `EXPLAIN (ANALYZE, FORMAT JSON)`:
 * a plan fails when it reads a big table sequentially (task, task_assignee, task_label, comment: the cost would grow
 * with the table, not the page) or sorts more than ten pages of rows (21 rows a page: the limit + 1; a larger sort
 * means the plan reads and orders rows the LIMIT throws away instead of reading an index in the list's order). The
 * rows of a sort are the planner's estimate of its input, or the rows that actually came in if more. Shapes that
 * cannot avoid one of these say why in task-query-shapes.ts (and docs/task-queries.md).
 * `TASK_PLANS_REPORT=<file>` writes the page part of each shape's plan there (for docs/task-queries.md).
 */
describe('task list query plans', () => {
  let database: ScratchDatabase;
  let client: Client;
  let shapes: QueryShape[];

  beforeAll(async () => {
    database = await createScratchDatabase('task_plans');
    const config = loadServiceConfig(TaskServiceConfig, serviceTestEnv(integrationEnv(), 'task', { DATABASE_URL: database.url }));
    await runMigrations(buildDataSourceOptions(config, TASK_DATABASE, { poolMax: 2, statementTimeoutMs: 0 }));
    client = new Client({ connectionString: database.url });
    await client.connect();
    await seedTasks(client, { tasks: TASKS, seed: 1, anchor: ANCHOR, analyze: false });
    // statistics from every row (a sample of 300 × target rows covers 100,000): the same plans on every run
    await client.query(`SET default_statistics_target = 400`);
    await client.query(`VACUUM (ANALYZE) person, project, project_member, label, task, task_assignee, task_label, comment`);
    shapes = await taskQueryShapes(client, await shapeContext(client, ANCHOR));
  }, 600_000);

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  }, 60_000);

  it('should seed the same skewed data on every run, keeping the invariants the service relies on', async () => {
    const { rows } = await client.query<Record<string, number>>(`SELECT
      (SELECT count(*)::int FROM task) AS tasks,
      (SELECT count(*)::int FROM project) AS projects,
      (SELECT count(*)::int FROM person) AS people,
      (SELECT count(*)::int FROM task_assignee) AS assignees,
      (SELECT count(*)::int FROM comment) AS comments,
      (SELECT max(task_counter) FROM project) AS largest,
      (SELECT min(task_counter) FROM project) AS smallest,
      (SELECT count(*)::int FROM project p WHERE p.task_counter <> (SELECT count(*) FROM task t WHERE t.project_id = p.id)
         OR p.task_counter <> (SELECT coalesce(max(number), 0) FROM task t WHERE t.project_id = p.id)) AS gapped,
      (SELECT count(*)::int FROM task_assignee a JOIN task t ON t.id = a.task_id
         WHERE NOT EXISTS (SELECT 1 FROM project_member m WHERE m.project_id = t.project_id AND m.user_id = a.user_id)) AS outsiders,
      (SELECT count(*)::int FROM task_label tl JOIN task t ON t.id = tl.task_id JOIN label l ON l.id = tl.label_id
         WHERE l.project_id <> t.project_id) AS foreign_labels,
      (SELECT count(*)::int FROM task c JOIN task p ON p.id = c.parent_id WHERE p.project_id <> c.project_id OR p.parent_id IS NOT NULL) AS bad_parents,
      (SELECT count(*)::int FROM task WHERE number <= 20 AND search <> task_search_document(id, title, description)) AS stale_search`);

    expect(rows[0]).toEqual({
      tasks: TASKS,
      projects: 200,
      people: 500,
      assignees: 103_133,
      comments: 89_940,
      largest: 19_094,
      smallest: 73,
      gapped: 0,
      outsiders: 0,
      foreign_labels: 0,
      bad_parents: 0,
      stale_search: 0,
    });
  });

  it('should read every list shape through an index, sorting no more than a page needs', async () => {
    const failures: string[] = [];
    const report: string[] = [];
    for (const shape of shapes) {
      const explained = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${shape.query.sql}`, shape.query.params);
      const plan = planRoot(explained.rows[0]['QUERY PLAN']);
      const violations = planViolations(plan, { pageRows: PAGE_ROWS, allowSort: !!shape.allow.sort, allowSeqScan: !!shape.allow.seqScan });
      if (violations.length > 0) failures.push(`${shape.name}: ${violations.join('; ')}\n${formatPlan(plan).join('\n')}`);
      report.push(`### ${shape.name}`, '```', ...formatPlan(pagePart(plan)), '```', '');
    }
    if (process.env.TASK_PLANS_REPORT) writeFileSync(process.env.TASK_PLANS_REPORT, report.join('\n'));

    expect(shapes.length).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  });
});
