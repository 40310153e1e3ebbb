import { Injectable } from '@nestjs/common';
import { type DueSoonWindow } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';

/** A reminder claimed for a task, due date and window, with what its event tells. */
export interface ClaimedReminder {
  readonly taskId: string;
  readonly projectId: string;
  readonly key: string;
  readonly title: string;
  readonly dueAt: string;
  readonly window: DueSoonWindow;
  readonly assigneeIds: string[];
}

interface ClaimedRow {
  task_id: string;
  project_id: string;
  key: string;
  title: string;
  due_at: Date;
  reminder_window: DueSoonWindow;
  assignee_ids: string[];
}

/**
 * Claims up to $1 reminders (see claimDue). The open statuses are written as the partial index task_open_due_idx
 * (`(due_at, id) WHERE deleted_at IS NULL AND status IN ('todo', 'in_progress', 'blocked')`) writes them, so the
 * planner can prove the index covers the scan: every status of TASK_STATUSES but done and cancelled.
 */
export const CLAIM_DUE_SQL = `WITH due AS (
  SELECT t.id, t.due_at, CASE WHEN t.due_at <= now() + interval '1 hour' THEN '1h' ELSE '24h' END AS reminder_window
  FROM task t
  WHERE t.deleted_at IS NULL AND t.status IN ('todo', 'in_progress', 'blocked')
    AND t.due_at > now() AND t.due_at <= now() + interval '24 hours'
), fresh AS (
  SELECT d.* FROM due d
  WHERE NOT EXISTS (SELECT 1 FROM task_due_reminder r WHERE r.task_id = d.id AND r.due_at = d.due_at AND r.reminder_window = d.reminder_window)
  ORDER BY d.due_at, d.id
  LIMIT $1
), claimed AS (
  INSERT INTO task_due_reminder (task_id, due_at, reminder_window)
  SELECT id, due_at, reminder_window FROM fresh
  ON CONFLICT DO NOTHING
  RETURNING task_id, due_at, reminder_window
)
SELECT c.task_id, c.due_at, c.reminder_window, t.project_id, p.key || '-' || t.number AS key, t.title,
  COALESCE((SELECT json_agg(a.user_id ORDER BY a.user_id) FROM task_assignee a WHERE a.task_id = c.task_id), '[]') AS assignee_ids
FROM claimed c JOIN task t ON t.id = c.task_id JOIN project p ON p.id = t.project_id
ORDER BY c.due_at, c.task_id`;

/**
 * The claims of due-date reminders (task_due_reminder: one row per task, due date and window). A task is due for the
 * narrowest window its due date falls in (1h when due within the hour, else 24h): a task first seen 30 minutes before
 * it is due gets the 1-hour reminder only, never both at once. A due date already past is never claimed.
 */
@Injectable()
export class DueReminderRepository {
  /**
   * Claims up to `limit` reminders not yet claimed, for open (not done or cancelled), undeleted tasks due within 24
   * hours (the partial index task_open_due_idx), and answers them. The caller writes their events in the same
   * transaction; the primary key makes a claim happen once even if two transactions race.
   */
  async claimDue(manager: EntityManager, limit: number): Promise<ClaimedReminder[]> {
    const rows = await manager.query<ClaimedRow[]>(CLAIM_DUE_SQL, [limit]);
    return rows.map((r) => ({
      taskId: r.task_id,
      projectId: r.project_id,
      key: r.key,
      title: r.title,
      dueAt: r.due_at.toISOString(),
      window: r.reminder_window,
      assigneeIds: r.assignee_ids,
    }));
  }

  /** Forgets the claims of due dates more than a day past: no scan can claim them again (it skips past due dates). */
  async pruneBefore(manager: EntityManager, days: number): Promise<void> {
    await manager.query(`DELETE FROM task_due_reminder WHERE due_at < now() - make_interval(days => $1)`, [days]);
  }
}
