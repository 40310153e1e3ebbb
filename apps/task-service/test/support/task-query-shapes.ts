import { type ClientBase } from 'pg';
import { buildTaskCountQuery, buildTaskListQuery, type SqlQuery, type TaskListFilters, type TaskListPosition } from '../../src/tasks/list/task-list.query';
import { buildStatsQuery } from '../../src/stats/project-stats.repository';
import { TASK_SORT_FIELDS, type TaskSort } from '../../src/tasks/list/task-sort';

/** A page as the service asks for it: the default limit (20) + 1 row that says whether there is a next page. */
export const PAGE_ROWS = 21;

/** Why a shape cannot avoid what the checks forbid (docs/task-queries.md repeats it). */
export interface Allowance {
  readonly sort?: string;
  readonly seqScan?: string;
}

/** One list shape: the SQL the service runs for it, and what it is allowed to do, with the reason. */
export interface QueryShape {
  readonly name: string;
  readonly query: SqlQuery;
  readonly allow: Allowance;
}

/** Ids in the seeded data that the shapes filter by: the largest project, and a power user who is in many projects. */
export interface ShapeContext {
  readonly userId: string;
  readonly projectId: string;
  readonly labelId: string;
  readonly parentId: string;
  readonly otherAssigneeId: string;
  /** the seed's anchor ("now" of the data) */
  readonly anchor: Date;
}

/** Reads the context from a database seeded by seedTasks (project SEED1 is the largest; its owner a power user). */
export async function shapeContext(client: ClientBase, anchor: Date): Promise<ShapeContext> {
  const { rows } = await client.query<Omit<ShapeContext, 'anchor'>>(
    `SELECT p.id AS "projectId", p.created_by AS "userId",
       (SELECT l.id FROM label l WHERE l.project_id = p.id AND l.name = 'bug') AS "labelId",
       (SELECT t.id FROM task t WHERE t.project_id = p.id AND t.number = 100) AS "parentId",
       (SELECT m.user_id FROM project_member m WHERE m.project_id = p.id AND m.role = 'editor' ORDER BY m.added_at DESC LIMIT 1) AS "otherAssigneeId"
     FROM project p WHERE p.key = 'SEED1'`,
  );
  if (!rows[0]) throw new Error('no project SEED1: seed the database first');
  return { ...rows[0], anchor };
}

const days = (anchor: Date, n: number): string => new Date(anchor.getTime() + n * 86_400_000).toISOString();
const OPEN: TaskListFilters['statuses'] = ['todo', 'in_progress', 'blocked'];

/** A project of median size (live tasks) in the seeded data. */
async function medianProject(client: ClientBase): Promise<string> {
  const { rows } = await client.query<{ project_id: string }>(
    `WITH sizes AS (SELECT project_id, count(*) AS n FROM task WHERE deleted_at IS NULL GROUP BY project_id)
     SELECT project_id FROM sizes ORDER BY n, project_id OFFSET (SELECT count(*) / 2 FROM sizes) LIMIT 1`,
  );
  if (!rows[0]) throw new Error('no tasks: seed the database first');
  return rows[0].project_id;
}

/** The first page's last position of a list, as the cursor of its second page carries it. */
async function lastPosition(client: ClientBase, query: SqlQuery): Promise<TaskListPosition> {
  const { rows } = await client.query<{ id: string; sort_value: string | null }>(query.sql, query.params);
  const last = rows[rows.length - 2];
  if (!last) throw new Error('a first page without a second page: the seed is too small for this shape');
  return { value: last.sort_value, id: last.id };
}

/** Every list shape of GET /tasks and the board, each as buildTaskListQuery / buildTaskCountQuery build it. */
export async function taskQueryShapes(client: ClientBase, ctx: ShapeContext): Promise<QueryShape[]> {
  const project = { projectIds: [ctx.projectId] };
  const list = (filters: TaskListFilters, sort: TaskSort = { field: 'createdAt', descending: true }, after?: TaskListPosition): SqlQuery =>
    buildTaskListQuery({ userId: ctx.userId, filters, sort, limit: PAGE_ROWS, after });
  const shapes: QueryShape[] = [];
  const add = (name: string, query: SqlQuery, allow: Allowance = {}): void => {
    shapes.push({ name, query, allow });
  };

  for (const field of TASK_SORT_FIELDS) {
    for (const descending of [false, true]) {
      const sort = { field, descending };
      add(`project, sort ${descending ? '-' : ''}${field}`, list(project, sort));
      add(`my work, sort ${descending ? '-' : ''}${field}`, list({}, sort));
    }
  }
  add('project, status todo', list({ ...project, statuses: ['todo'] }));
  add('project, status open (3 of 5)', list({ ...project, statuses: OPEN }));
  add('project, assignee', list({ ...project, assigneeIds: [ctx.otherAssigneeId] }));
  add('project, assignee me', list({ ...project, assigneeIds: [ctx.userId] }));
  add('project, unassigned', list({ ...project, unassigned: true }));
  add('project, assignee or unassigned', list({ ...project, assigneeIds: [ctx.otherAssigneeId], unassigned: true }));
  add('project, priority urgent', list({ ...project, priorities: ['urgent'] }));
  add('project, priority high or urgent', list({ ...project, priorities: ['high', 'urgent'] }));
  add('project, label', list({ ...project, labelIds: [ctx.labelId] }));
  add('project, parent (subtasks)', list({ ...project, parentIds: [ctx.parentId] }));
  add('project, top level', list({ ...project, topLevel: true }));
  add('project, due before (overdue)', list({ ...project, dueBefore: ctx.anchor.toISOString() }, { field: 'dueAt', descending: false }));
  add('project, due after', list({ ...project, dueAfter: days(ctx.anchor, -7) }));
  add('project, updated since, by update', list({ ...project, updatedSince: days(ctx.anchor, -2) }, { field: 'updatedAt', descending: true }));
  add('project, updated since, newest first', list({ ...project, updatedSince: days(ctx.anchor, -2) }), {
    sort: 'a range on one key ordered by another: the range is read from its index, then sorted (as many rows as changed since)',
  });
  add('my work: open, assigned to me, by due date', list({ statuses: OPEN, assigneeIds: [ctx.userId] }, { field: 'dueAt', descending: false }));
  add('my work: assigned to me', list({ assigneeIds: [ctx.userId] }));
  add('my work: overdue', list({ statuses: OPEN, dueBefore: ctx.anchor.toISOString() }, { field: 'dueAt', descending: false }));
  const ranked = { sort: 'ranked: every match is ranked before the best page is known' };
  add('project, search a rare word', list({ ...project, words: ['zd1234'] }), ranked);
  add('project, search two words, the last a prefix', list({ ...project, words: ['login', 'fl'] }), ranked);
  add('my work, search a rare word', list({ words: ['zd2345'] }), ranked);
  add('my work, search a prefix', list({ words: ['zd234'] }), ranked);
  add('my work, search a word in one task of ten', list({ words: ['webhook'] }), {
    ...ranked,
    seqScan: 'a word in one task of ten: Postgres reads the table rather than a tenth of it through the GIN index',
  });
  add('board counts', buildTaskCountQuery(ctx.userId, project));
  add('project stats, the largest project', buildStatsQuery(ctx.projectId), {
    seqScan:
      'stats count the open assignments of the whole project: for the largest one (a fifth of the tasks) hashing all of task_assignee costs less than an index probe per open task; a typical project probes the primary key (next shape)',
  });
  add('project stats, a project of median size', buildStatsQuery(await medianProject(client)));
  for (const status of ['todo', 'in_progress', 'blocked', 'done', 'cancelled'] as const) {
    add(`board column ${status}`, list({ ...project, statuses: [status] }));
  }

  const second = async (name: string, filters: TaskListFilters, sort: TaskSort): Promise<void> => {
    add(`second page: ${name}`, list(filters, sort, await lastPosition(client, list(filters, sort))));
  };
  await second('project, -createdAt', project, { field: 'createdAt', descending: true });
  await second('project, dueAt', project, { field: 'dueAt', descending: false });
  await second('project, -priority', project, { field: 'priority', descending: true });
  await second('project, number', project, { field: 'number', descending: false });
  await second('my work, -updatedAt', {}, { field: 'updatedAt', descending: true });
  await second('board column todo', { ...project, statuses: ['todo'] }, { field: 'createdAt', descending: true });
  await second('my work: open, assigned to me, by due date', { statuses: OPEN, assigneeIds: [ctx.userId] }, { field: 'dueAt', descending: false });
  // a position among the tasks without a due date (NULLs come last): the next page continues by id among them
  const nulls = list(project, { field: 'dueAt', descending: true }, { value: null, id: '00000000-0000-7000-8000-000000000000' });
  add('second page: project, -dueAt, among the tasks without a due date', nulls);
  return shapes;
}
