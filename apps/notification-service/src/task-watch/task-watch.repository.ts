import { Injectable } from '@nestjs/common';
import { type TaskTaskAssignedV1, type TaskTaskCreatedV1, type TaskTaskDeletedV1 } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { type TaskWatchers } from '../notifications/recipients';

/** What one task.task.updated.v1 changed that the read model keeps (null: not changed by it). */
export interface WatchedChange {
  readonly taskId: string;
  readonly projectId: string;
  readonly version: number;
  readonly assigneeIds: readonly string[] | null;
  readonly title: string | null;
  /** the task was restored (its deletedAt went back to null) */
  readonly restored: boolean;
}

/**
 * The task_watch table. The task's events may arrive in any order: each field keeps the value of the newest task
 * version seen (created is version 1); task.task.assigned.v1, which has no version, only adds to a list no versioned
 * event has set yet.
 */
@Injectable()
export class TaskWatchRepository {
  async created(manager: EntityManager, task: TaskTaskCreatedV1): Promise<void> {
    await manager.query(
      `INSERT INTO task_watch (task_id, project_id, task_key, title, title_version, creator_id, assignee_ids, assignees_version)
       VALUES ($1, $2, $3, $4, 1, $5, $6, 1)
       ON CONFLICT (task_id) DO UPDATE SET task_key = EXCLUDED.task_key, creator_id = EXCLUDED.creator_id,
         title = CASE WHEN task_watch.title_version < 1 THEN EXCLUDED.title ELSE task_watch.title END,
         title_version = GREATEST(task_watch.title_version, 1),
         assignee_ids = CASE WHEN task_watch.assignees_version < 1 THEN EXCLUDED.assignee_ids ELSE task_watch.assignee_ids END,
         assignees_version = GREATEST(task_watch.assignees_version, 1), updated_at = now()`,
      [task.taskId, task.projectId, task.key, task.title, task.createdBy, task.assigneeIds],
    );
  }

  async assigned(manager: EntityManager, event: TaskTaskAssignedV1): Promise<void> {
    await manager.query(
      `INSERT INTO task_watch (task_id, project_id, task_key, title, title_version, assignee_ids, assignees_version)
       VALUES ($1, $2, $3, $4, 0, $5, 0)
       ON CONFLICT (task_id) DO UPDATE SET task_key = COALESCE(task_watch.task_key, EXCLUDED.task_key),
         title = COALESCE(task_watch.title, EXCLUDED.title),
         assignee_ids = CASE WHEN task_watch.assignees_version = 0
           THEN ARRAY(SELECT DISTINCT unnest(task_watch.assignee_ids || EXCLUDED.assignee_ids)) ELSE task_watch.assignee_ids END,
         updated_at = now()`,
      [event.taskId, event.projectId, event.key, event.title, event.assigneeIds],
    );
  }

  async updated(manager: EntityManager, change: WatchedChange): Promise<void> {
    const titleVersion = change.title === null ? 0 : change.version;
    const assigneesVersion = change.assigneeIds === null ? 0 : change.version;
    await manager.query(
      `INSERT INTO task_watch (task_id, project_id, title, title_version, assignee_ids, assignees_version)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (task_id) DO UPDATE SET
         title = CASE WHEN task_watch.title_version < EXCLUDED.title_version THEN EXCLUDED.title ELSE task_watch.title END,
         title_version = GREATEST(task_watch.title_version, EXCLUDED.title_version),
         assignee_ids = CASE WHEN task_watch.assignees_version < EXCLUDED.assignees_version THEN EXCLUDED.assignee_ids ELSE task_watch.assignee_ids END,
         assignees_version = GREATEST(task_watch.assignees_version, EXCLUDED.assignees_version),
         deleted_until = CASE WHEN $7 THEN NULL ELSE task_watch.deleted_until END, updated_at = now()`,
      [change.taskId, change.projectId, change.title, titleVersion, change.assigneeIds ?? [], assigneesVersion, change.restored],
    );
  }

  async deleted(manager: EntityManager, event: TaskTaskDeletedV1): Promise<void> {
    await manager.query(
      `INSERT INTO task_watch (task_id, project_id, title_version, assignee_ids, assignees_version, deleted_until)
       VALUES ($1, $2, 0, '{}', 0, $3)
       ON CONFLICT (task_id) DO UPDATE SET deleted_until = EXCLUDED.deleted_until, updated_at = now()`,
      [event.taskId, event.projectId, event.restorableUntil],
    );
  }

  /** What the read model knows of a task's people (null: never seen). */
  async watchers(manager: EntityManager, taskId: string): Promise<TaskWatchers | null> {
    const rows = await manager.query<{ creator_id: string | null; assignee_ids: string[]; title: string | null }[]>(
      `SELECT creator_id, assignee_ids, title FROM task_watch WHERE task_id = $1`,
      [taskId],
    );
    return rows.length === 0 ? null : { creatorId: rows[0].creator_id, assigneeIds: rows[0].assignee_ids, title: rows[0].title };
  }

  /** Forgets tasks whose deletion can no longer be undone; returns how many. */
  async purgeDeleted(manager: EntityManager, limit: number): Promise<number> {
    const [, deleted] = await manager.query<[unknown[], number]>(
      `DELETE FROM task_watch WHERE task_id IN (SELECT task_id FROM task_watch WHERE deleted_until < now() LIMIT $1)`,
      [limit],
    );
    return deleted;
  }
}
