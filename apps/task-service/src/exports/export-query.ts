import { listFilters } from '../tasks/list/task-list-filters';
import { Params, searchRank, taskConditions } from '../tasks/list/task-list.query';
import { type ExportFilters } from './export-filters.dto';

export interface ExportQuery {
  /** the rows of the export, in order */
  readonly sql: string;
  /** how many rows `sql` yields (the progress' total) */
  readonly countSql: string;
  readonly params: unknown[];
}

/** One row of an export: a task with its assignees and labels as JSON arrays. */
export interface ExportRow {
  id: string;
  key: string;
  title: string;
  description: string | null;
  status: string;
  priority: string;
  assignees: { id: string; displayName: string | null }[];
  labels: { id: string; name: string }[];
  parent_id: string | null;
  start_at: Date | null;
  due_at: Date | null;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `t.id, p.key || '-' || t.number AS key, t.title, t.description, t.status, t.priority, t.parent_id,
  t.start_at, t.due_at, t.completed_at, t.created_at, t.updated_at,
  COALESCE((SELECT json_agg(json_build_object('id', a.user_id, 'displayName', pe.display_name) ORDER BY a.user_id)
    FROM task_assignee a LEFT JOIN person pe ON pe.id = a.user_id WHERE a.task_id = t.id), '[]') AS assignees,
  COALESCE((SELECT json_agg(json_build_object('id', l.id, 'name', l.name) ORDER BY l.name, l.id)
    FROM task_label tl JOIN label l ON l.id = tl.label_id WHERE tl.task_id = t.id), '[]') AS labels`;

/**
 * The export of a project for its requester: exactly the tasks GET /tasks?projectId=<project> answers them for the
 * same filters (all pages), through the list's own filter parsing (`listFilters`) and WHERE conditions
 * (`taskConditions`): not deleted, of a project the requester is (still) a member of, the filters and `q`. Ordered
 * as the list with `sort=number` (the order of the project's unique (project_id, number) index), or with `q` as the list orders a search: rank, best first, ties by id.
 */
export function buildExportQuery(projectId: string, requestedBy: string, stored: ExportFilters): ExportQuery {
  const filters = listFilters(requestedBy, stored, { projectIds: [projectId], statuses: stored.status });
  const params = new Params();
  const { where, search } = taskConditions(requestedBy, filters, params);
  const condition = where.join('\n  AND ');
  const order = search ? `${searchRank(search)} DESC, t.id ASC` : 't.number ASC, t.id ASC';
  return {
    sql: `SELECT ${COLUMNS}\nFROM task t JOIN project p ON p.id = t.project_id\nWHERE ${condition}\nORDER BY ${order}`,
    countSql: `SELECT count(*)::int AS n FROM task t\nWHERE ${condition}`,
    params: params.values,
  };
}
