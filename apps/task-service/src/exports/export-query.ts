import { type ExportFilters } from './export-filters.dto';

export interface ExportQuery {
  /** the rows of the export, in task number order */
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
 * The export of a project's tasks that are not deleted, narrowed by the stored filters (each "any of" its values,
 * combined with AND), ordered by number: read through the project's unique (project_id, number) index, so a cursor
 * streams it without sorting the project first.
 */
export function buildExportQuery(projectId: string, filters: ExportFilters): ExportQuery {
  const params: unknown[] = [projectId];
  const param = (value: unknown): string => `$${params.push(value)}`;
  const where = ['t.project_id = $1', 't.deleted_at IS NULL'];
  if (filters.status) where.push(`t.status = ANY(${param(filters.status)}::text[])`);
  if (filters.priority) where.push(`t.priority = ANY(${param(filters.priority)}::text[])`);
  if (filters.assigneeId) {
    const ids = filters.assigneeId.filter((id) => id !== 'none');
    const any: string[] = [];
    if (ids.length > 0) any.push(`EXISTS (SELECT 1 FROM task_assignee a WHERE a.task_id = t.id AND a.user_id = ANY(${param(ids)}::uuid[]))`);
    if (ids.length < filters.assigneeId.length) any.push('NOT EXISTS (SELECT 1 FROM task_assignee a WHERE a.task_id = t.id)');
    where.push(`(${any.join(' OR ')})`);
  }
  if (filters.labelId) where.push(`EXISTS (SELECT 1 FROM task_label tl WHERE tl.task_id = t.id AND tl.label_id = ANY(${param(filters.labelId)}::uuid[]))`);
  if (filters.parentId) where.push(`t.parent_id = ANY(${param(filters.parentId)}::uuid[])`);
  if (filters.dueBefore) where.push(`t.due_at < ${param(filters.dueBefore)}`);
  if (filters.dueAfter) where.push(`t.due_at > ${param(filters.dueAfter)}`);
  if (filters.updatedSince) where.push(`t.updated_at >= ${param(filters.updatedSince)}`);
  const condition = where.join(' AND ');
  return {
    sql: `SELECT ${COLUMNS} FROM task t JOIN project p ON p.id = t.project_id WHERE ${condition} ORDER BY t.number`,
    countSql: `SELECT count(*)::int AS n FROM task t WHERE ${condition}`,
    params,
  };
}
