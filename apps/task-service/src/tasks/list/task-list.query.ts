import { type TaskPriority, type TaskStatus } from '@taskhub/contracts';
import { TASK_VIEW } from '../task.repository';
import { type TaskSort, type TaskSortField } from './task-sort';

/** What a list keeps (all "any of"); an absent or empty filter keeps everything. */
export interface TaskListFilters {
  /** undefined: every project the caller is a member of ("my work") */
  readonly projectIds?: readonly string[];
  readonly statuses?: readonly TaskStatus[];
  /** tasks with any of these assignees */
  readonly assigneeIds?: readonly string[];
  /** also (or only, without assigneeIds) tasks without an assignee */
  readonly unassigned?: boolean;
  readonly priorities?: readonly TaskPriority[];
  readonly labelIds?: readonly string[];
  /** subtasks of any of these tasks */
  readonly parentIds?: readonly string[];
  /** also (or only) tasks without a parent */
  readonly topLevel?: boolean;
  /** due strictly before (ISO 8601) */
  readonly dueBefore?: string;
  /** due at or after */
  readonly dueAfter?: string;
  /** updated at or after */
  readonly updatedSince?: string;
  /** the words of a full-text search (already split): the last one matches as a prefix */
  readonly words?: readonly string[];
}

/** The sort key and id of a page's last item: the key as Postgres wrote it as text (timestamps keep microseconds). */
export interface TaskListPosition {
  readonly value: string | null;
  readonly id: string;
}

export interface TaskListQueryInput {
  /** the caller: only tasks of projects they are a member of are ever listed */
  readonly userId: string;
  readonly filters: TaskListFilters;
  /** ignored when filters.words is given: the search rank is then the order (best first, ties by id) */
  readonly sort: TaskSort;
  /** rows to fetch (a page's limit + 1, to know whether there is a next page) */
  readonly limit: number;
  readonly after?: TaskListPosition;
}

export interface SqlQuery {
  readonly sql: string;
  readonly params: unknown[];
}

/** The sortable expression of each field, its Postgres type (to cast the cursor's text back) and whether it has NULLs. */
const SORT_KEYS: Readonly<Record<TaskSortField, { expression: string; type: string; nullable: boolean }>> = {
  dueAt: { expression: 't.due_at', type: 'timestamptz', nullable: true },
  // a rank (urgent 4 … none 0), not the text: the function is immutable, so an index can hold it
  priority: { expression: 'task_priority_rank(t.priority)', type: 'smallint', nullable: false },
  createdAt: { expression: 't.created_at', type: 'timestamptz', nullable: false },
  updatedAt: { expression: 't.updated_at', type: 'timestamptz', nullable: false },
  number: { expression: 't.number', type: 'integer', nullable: false },
};

/** Collects positional parameters: `add(value)` answers its placeholder. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/** How a query orders and pages: the key expression, its direction, whether it can be NULL (NULLs come last). */
interface Ordering {
  readonly key: string;
  readonly type: string;
  readonly descending: boolean;
  readonly nullable: boolean;
  /** the id breaks ties in this direction */
  readonly idDescending: boolean;
}

/**
 * One page of tasks as the list answers them (the task view: assignees and labels as json_agg subqueries, so a page
 * of any size is ONE statement), plus `sort_value` (the page's sort key as text, for the cursor). The inner query
 * filters, orders and limits on the task table alone; the view is computed for the page's rows only.
 */
export function buildTaskListQuery(input: TaskListQueryInput): SqlQuery {
  const params = new Params();
  const { where, search } = taskConditions(input.userId, input.filters, params);
  const ordering: Ordering = search
    ? { key: searchRank(search), type: 'real', descending: true, nullable: false, idDescending: false }
    : { ...SORT_KEYS[input.sort.field], key: SORT_KEYS[input.sort.field].expression, descending: input.sort.descending, idDescending: input.sort.descending };
  if (input.after) where.push(afterPosition(ordering, input.after, params));
  const limit = params.add(input.limit);
  const sql = `WITH page AS (
  SELECT t.id, ${ordering.key} AS sort_key FROM task t
  WHERE ${where.join('\n    AND ')}
  ORDER BY ${orderBy(ordering, ordering.key, 't.id')}
  LIMIT ${limit}
)
SELECT v.*, page.sort_key::text AS sort_value
FROM page CROSS JOIN LATERAL (${TASK_VIEW} WHERE t.id = page.id) v
ORDER BY ${orderBy(ordering, 'page.sort_key', 'page.id')}`;
  return { sql, params: params.values };
}

/** How many tasks of each status the filters keep (a board's column counts): rows `{ status, count }`. */
export function buildTaskCountQuery(userId: string, filters: TaskListFilters): SqlQuery {
  const params = new Params();
  const { where } = taskConditions(userId, filters, params);
  return { sql: `SELECT t.status, count(*)::int AS count FROM task t WHERE ${where.join(' AND ')} GROUP BY t.status`, params: params.values };
}

/**
 * The WHERE conditions (ANDed) of the tasks a list with these filters holds, whatever its order or page: the caller's
 * projects, not deleted, the filters, and the search's words (`search`: the tsquery expression, for ts_rank) when given.
 * A list, a board's counts and an export build their statements on it, so they keep the same rows.
 */
export function taskConditions(userId: string, filters: TaskListFilters, params: Params): { where: string[]; search: string | undefined } {
  const where = filterConditions(userId, filters, params);
  const search = filters.words?.length ? tsQuery(filters.words, params) : undefined;
  if (search) where.push(`t.search @@ ${search}`);
  return { where, search };
}

/** A search's order: the rank of a task's document for the tsquery, best first (ties by id ascending). */
export function searchRank(search: string): string {
  return `ts_rank(t.search, ${search})`;
}

function filterConditions(userId: string, filters: TaskListFilters, params: Params): string[] {
  const where = ['t.deleted_at IS NULL', `t.project_id IN (SELECT m.project_id FROM project_member m WHERE m.user_id = ${params.add(userId, '::uuid')})`];
  if (filters.projectIds) where.push(equalsAny('t.project_id', filters.projectIds, 'uuid', params));
  if (filters.statuses?.length) where.push(equalsAny('t.status', filters.statuses, 'text', params));
  if (filters.priorities?.length) where.push(equalsAny('t.priority', filters.priorities, 'text', params));
  if (filters.assigneeIds?.length && filters.unassigned) {
    // one of them or nobody, as a per-row lookup (EXISTS … OR NOT EXISTS would hash the whole task_assignee table)
    where.push(`COALESCE((SELECT bool_or(a.user_id = ANY(${params.add(filters.assigneeIds, '::uuid[]')})) FROM task_assignee a WHERE a.task_id = t.id), true)`);
  } else if (filters.assigneeIds?.length) {
    where.push(`EXISTS (SELECT 1 FROM task_assignee a WHERE a.task_id = t.id AND a.user_id = ANY(${params.add(filters.assigneeIds, '::uuid[]')}))`);
  } else if (filters.unassigned) {
    where.push('NOT EXISTS (SELECT 1 FROM task_assignee a WHERE a.task_id = t.id)');
  }
  if (filters.labelIds?.length) where.push(`EXISTS (SELECT 1 FROM task_label tl WHERE tl.task_id = t.id AND tl.label_id = ANY(${params.add(filters.labelIds, '::uuid[]')}))`);
  const parent = anyOf(
    filters.parentIds?.length ? `t.parent_id = ANY(${params.add(filters.parentIds, '::uuid[]')})` : undefined,
    filters.topLevel ? 't.parent_id IS NULL' : undefined,
  );
  if (parent) where.push(parent);
  if (filters.dueBefore) where.push(`t.due_at < ${params.add(filters.dueBefore, '::timestamptz')}`);
  if (filters.dueAfter) where.push(`t.due_at >= ${params.add(filters.dueAfter, '::timestamptz')}`);
  if (filters.updatedSince) where.push(`t.updated_at >= ${params.add(filters.updatedSince, '::timestamptz')}`);
  return where;
}

/**
 * `column = ANY(values)`, or `column = value` for one value: Postgres reads an index (project_id, status, key, id) in
 * key order only under equalities (`= ANY` of a one-element array is not one), so a project's list or board column
 * needs no sort.
 */
function equalsAny(column: string, values: readonly string[], type: string, params: Params): string {
  return values.length === 1 ? `${column} = ${params.add(values[0], `::${type}`)}` : `${column} = ANY(${params.add(values, `::${type}[]`)})`;
}

function anyOf(...conditions: (string | undefined)[]): string | undefined {
  const present = conditions.filter((c): c is string => c !== undefined);
  if (present.length === 0) return undefined;
  return present.length === 1 ? present[0] : `(${present.join(' OR ')})`;
}

/**
 * Every word must match, each in English (stemmed: "running" finds "run") or as written ('simple': names and other
 * languages); the last word as a prefix (`:*`), as the user types. Words are letters and digits only (split by the
 * caller), so they cannot carry tsquery syntax.
 */
function tsQuery(words: readonly string[], params: Params): string {
  const terms = words.map((word, i) => {
    const term = params.add(i === words.length - 1 ? `${word}:*` : word);
    return `(to_tsquery('english', ${term}) || to_tsquery('simple', ${term}))`;
  });
  return `(${terms.join(' && ')})`;
}

/** NULLS LAST only where the key can be NULL: a key without NULLs descends as a backward scan of an ascending index. */
function orderBy(ordering: Ordering, key: string, id: string): string {
  const direction = ordering.descending ? 'DESC' : 'ASC';
  return `${key} ${direction}${ordering.nullable ? ' NULLS LAST' : ''}, ${id} ${ordering.idDescending ? 'DESC' : 'ASC'}`;
}

/** Rows after the position in the ordering: NULL keys come last whichever the direction. */
function afterPosition(ordering: Ordering, after: TaskListPosition, params: Params): string {
  const id = params.add(after.id, '::uuid');
  const idAfter = `t.id ${ordering.idDescending ? '<' : '>'} ${id}`;
  if (after.value === null) return `(${ordering.key} IS NULL AND ${idAfter})`;
  const value = params.add(after.value, `::${ordering.type}`);
  // key and id in the same direction: a row comparison, which an index (…, key, id) starts its scan at
  if (!ordering.nullable && ordering.descending === ordering.idDescending) return `(${ordering.key}, t.id) ${ordering.descending ? '<' : '>'} (${value}, ${id})`;
  const beyond = `${ordering.key} ${ordering.descending ? '<' : '>'} ${value} OR (${ordering.key} = ${value} AND ${idAfter})`;
  return ordering.nullable ? `(${beyond} OR ${ordering.key} IS NULL)` : `(${beyond})`;
}
