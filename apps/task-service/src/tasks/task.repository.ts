import { Injectable } from '@nestjs/common';
import { type TaskPriority, type TaskStatus } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { COMPLETED_STATUS, type Task, type TaskAssignee, type TaskFields, type TaskLabel } from './task';

/** The scalar fields of a task row that a change writes (the id sets have their own tables). */
export type TaskScalars = Omit<TaskFields, 'assigneeIds' | 'labelIds'>;

export interface NewTask extends TaskScalars {
  readonly id: string;
  readonly assigneeIds: readonly string[];
  readonly labelIds: readonly string[];
  readonly projectId: string;
  readonly number: number;
  readonly createdBy: string;
}

const COLUMNS: Readonly<Record<keyof TaskScalars, string>> = {
  title: 'title',
  description: 'description',
  status: 'status',
  priority: 'priority',
  startAt: 'start_at',
  dueAt: 'due_at',
  parentId: 'parent_id',
};

/** A row of TASK_VIEW. */
export interface TaskRow {
  id: string;
  project_id: string;
  project_key: string;
  number: number;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority;
  start_at: Date | null;
  due_at: Date | null;
  completed_at: Date | null;
  parent_id: string | null;
  parent_deleted: boolean;
  subtask_count: number;
  assignees: TaskAssignee[];
  labels: TaskLabel[];
  version: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    projectId: row.project_id,
    number: row.number,
    key: `${row.project_key}-${row.number}`,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    startAt: iso(row.start_at),
    dueAt: iso(row.due_at),
    completedAt: iso(row.completed_at),
    parentId: row.parent_id,
    parentDeleted: row.parent_deleted,
    subtaskCount: row.subtask_count,
    assignees: row.assignees,
    labels: row.labels,
    version: row.version,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A task with its assignees (named from the read model of people), labels, parent's state and subtask count. */
export const TASK_VIEW = `
  SELECT t.id, t.project_id, p.key AS project_key, t.number, t.title, t.description, t.status, t.priority, t.start_at, t.due_at,
    t.completed_at, t.parent_id, t.version, t.created_by, t.created_at, t.updated_at,
    COALESCE((SELECT pt.deleted_at IS NOT NULL FROM task pt WHERE pt.id = t.parent_id), false) AS parent_deleted,
    (SELECT count(*)::int FROM task c WHERE c.parent_id = t.id AND c.deleted_at IS NULL) AS subtask_count,
    COALESCE((SELECT json_agg(json_build_object('id', a.user_id, 'displayName', pe.display_name) ORDER BY a.user_id)
      FROM task_assignee a LEFT JOIN person pe ON pe.id = a.user_id WHERE a.task_id = t.id), '[]') AS assignees,
    COALESCE((SELECT json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) ORDER BY l.id)
      FROM task_label tl JOIN label l ON l.id = tl.label_id WHERE tl.task_id = t.id), '[]') AS labels
  FROM task t JOIN project p ON p.id = t.project_id`;

/** The task tables (task, task_assignee, task_label), and what a task's rules read of members, labels and parents. */
@Injectable()
export class TaskRepository {
  /**
   * A new task with its assignees and labels, in one statement (the child rows' INSERTs are CTEs beside the task's:
   * their foreign keys are checked at the end of the statement), answered as TASK_VIEW would read it back: assignees
   * named from the people read model, labels with their name and colour, the parent's state, no subtasks yet.
   */
  async insertNew(manager: EntityManager, task: NewTask, projectKey: string): Promise<Task> {
    const rows = await manager.query<TaskRow[]>(
      `WITH t AS (
         INSERT INTO task (id, project_id, number, title, description, status, priority, start_at, due_at, parent_id, created_by, completed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $12::boolean THEN now() END)
         RETURNING *),
       a AS (INSERT INTO task_assignee (task_id, user_id) SELECT $1, unnest($13::uuid[]) RETURNING user_id),
       l AS (INSERT INTO task_label (task_id, label_id) SELECT $1, unnest($14::uuid[]) RETURNING label_id)
       SELECT t.id, t.project_id, $15::text AS project_key, t.number, t.title, t.description, t.status, t.priority, t.start_at, t.due_at,
         t.completed_at, t.parent_id, t.version, t.created_by, t.created_at, t.updated_at,
         COALESCE((SELECT pt.deleted_at IS NOT NULL FROM task pt WHERE pt.id = t.parent_id), false) AS parent_deleted,
         0 AS subtask_count,
         COALESCE((SELECT json_agg(json_build_object('id', a.user_id, 'displayName', pe.display_name) ORDER BY a.user_id)
           FROM a LEFT JOIN person pe ON pe.id = a.user_id), '[]') AS assignees,
         COALESCE((SELECT json_agg(json_build_object('id', lb.id, 'name', lb.name, 'color', lb.color) ORDER BY lb.id)
           FROM l JOIN label lb ON lb.id = l.label_id), '[]') AS labels
       FROM t`,
      [
        task.id,
        task.projectId,
        task.number,
        task.title,
        task.description,
        task.status,
        task.priority,
        task.startAt,
        task.dueAt,
        task.parentId,
        task.createdBy,
        task.status === COMPLETED_STATUS,
        task.assigneeIds,
        task.labelIds,
        projectKey,
      ],
    );
    return toTask(rows[0]);
  }

  /** The task whatever its state (deleted too): callers have checked access first. */
  async byId(manager: EntityManager, id: string): Promise<Task | undefined> {
    const rows = await manager.query<TaskRow[]>(`${TASK_VIEW} WHERE t.id = $1`, [id]);
    return rows[0] ? toTask(rows[0]) : undefined;
  }

  /** The id of the project's task with this number, unless deleted. */
  async idByNumber(manager: EntityManager, projectId: string, number: number): Promise<string | undefined> {
    const rows = await manager.query<{ id: string }[]>(`SELECT id FROM task WHERE project_id = $1 AND number = $2 AND deleted_at IS NULL`, [projectId, number]);
    return rows[0]?.id;
  }

  /**
   * Writes the changed scalar fields and bumps the version. `completed`: true sets completedAt to now, false clears
   * it, undefined leaves it.
   */
  async update(manager: EntityManager, id: string, fields: Partial<TaskScalars>, completed: boolean | undefined): Promise<void> {
    const entries = (Object.keys(fields) as (keyof TaskScalars)[]).map((field) => [COLUMNS[field], fields[field]] as const);
    const sets = entries.map(([column], i) => `${column} = $${i + 2}`);
    if (completed !== undefined) sets.push(completed ? 'completed_at = now()' : 'completed_at = NULL');
    await manager.query(`UPDATE task SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`, [
      id,
      ...entries.map(([, value]) => value),
    ]);
  }

  async replaceAssignees(manager: EntityManager, taskId: string, userIds: readonly string[]): Promise<void> {
    await manager.query(`DELETE FROM task_assignee WHERE task_id = $1`, [taskId]);
    if (userIds.length > 0) await manager.query(`INSERT INTO task_assignee (task_id, user_id) SELECT $1, unnest($2::uuid[])`, [taskId, userIds]);
  }

  async replaceLabels(manager: EntityManager, taskId: string, labelIds: readonly string[]): Promise<void> {
    await manager.query(`DELETE FROM task_label WHERE task_id = $1`, [taskId]);
    if (labelIds.length > 0) await manager.query(`INSERT INTO task_label (task_id, label_id) SELECT $1, unnest($2::uuid[])`, [taskId, labelIds]);
  }

  /** Soft delete: marks it deleted now and bumps the version; the row, its sets and its subtasks stay. */
  async softDelete(manager: EntityManager, id: string): Promise<{ deletedAt: string; version: number }> {
    const [rows] = await manager.query<[{ deleted_at: Date; version: number }[], number]>(
      `UPDATE task SET deleted_at = now(), version = version + 1, updated_at = now() WHERE id = $1 RETURNING deleted_at, version`,
      [id],
    );
    return { deletedAt: rows[0].deleted_at.toISOString(), version: rows[0].version };
  }

  /** Clears the deletion if it is younger than `days` (by the database's clock); false when it is older. */
  async restoreWithin(manager: EntityManager, id: string, days: number): Promise<boolean> {
    const [rows] = await manager.query<[unknown[], number]>(
      `UPDATE task SET deleted_at = NULL, version = version + 1, updated_at = now()
       WHERE id = $1 AND deleted_at > now() - make_interval(days => $2) RETURNING id`,
      [id, days],
    );
    return rows.length === 1;
  }

  /** Those of `userIds` who are members of the project. */
  async membersAmong(manager: EntityManager, projectId: string, userIds: readonly string[]): Promise<Set<string>> {
    const rows = await manager.query<{ user_id: string }[]>(`SELECT user_id FROM project_member WHERE project_id = $1 AND user_id = ANY($2::uuid[])`, [projectId, userIds]);
    return new Set(rows.map((r) => r.user_id));
  }

  /** Those of `labelIds` that are labels of the project. */
  async labelsAmong(manager: EntityManager, projectId: string, labelIds: readonly string[]): Promise<Set<string>> {
    const rows = await manager.query<{ id: string }[]>(`SELECT id FROM label WHERE project_id = $1 AND id = ANY($2::uuid[])`, [projectId, labelIds]);
    return new Set(rows.map((r) => r.id));
  }

  /** A would-be parent's project and deletion, or undefined when no task has this id. */
  async parentCandidate(manager: EntityManager, id: string): Promise<{ projectId: string; deleted: boolean } | undefined> {
    const rows = await manager.query<{ project_id: string; deleted: boolean }[]>(`SELECT project_id, deleted_at IS NOT NULL AS deleted FROM task WHERE id = $1`, [id]);
    return rows[0] ? { projectId: rows[0].project_id, deleted: rows[0].deleted } : undefined;
  }

  /** The task and its ancestors, nearest first, at most `limit` of them (deleted ones included: a restore brings them back). */
  async lineage(manager: EntityManager, id: string, limit: number): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `WITH RECURSIVE up (id, parent_id, depth) AS (
         SELECT id, parent_id, 1 FROM task WHERE id = $1
         UNION ALL
         SELECT t.id, t.parent_id, up.depth + 1 FROM task t JOIN up ON t.id = up.parent_id WHERE up.depth < $2
       ) SELECT id FROM up ORDER BY depth`,
      [id, limit],
    );
    return rows.map((r) => r.id);
  }

  /** How many levels the task's subtree spans (1 without subtasks; deleted ones count), at most `limit`. */
  async subtreeLevels(manager: EntityManager, id: string, limit: number): Promise<number> {
    const rows = await manager.query<{ levels: number }[]>(
      `WITH RECURSIVE down (id, level) AS (
         SELECT id, 1 FROM task WHERE id = $1
         UNION ALL
         SELECT t.id, down.level + 1 FROM task t JOIN down ON t.parent_id = down.id WHERE down.level < $2
       ) SELECT max(level)::int AS levels FROM down`,
      [id, limit],
    );
    return rows[0]?.levels ?? 1;
  }
}
