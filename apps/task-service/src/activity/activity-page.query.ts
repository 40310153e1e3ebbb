import { addMonths, monthOf, monthStart, uuidv7Time } from './partitions/activity-months';

/** Whose history: a project's or a task's (indexes (project_id, id) and (task_id, id) in every month partition). */
export type ActivityScope = { readonly projectId: string } | { readonly taskId: string };

/** A range of `created_at`: from (inclusive; null = the beginning) to (exclusive). */
export interface ActivityWindow {
  readonly from: Date | null;
  readonly to: Date;
}

/** Rows stamped by an instance whose clock is ahead of this one by up to this much still show on the first page. */
export const CLOCK_SKEW_ALLOWANCE_MS = 5 * 60_000;

/** Months each further window reaches back: the current month, then 1, 2, 4 and 8 more, then everything older. */
const WINDOW_MONTHS = [1, 2, 4, 8];

/**
 * The windows a page is read through, newest first. Rows are stamped with the time in their UUIDv7 (ActivityLog), so
 * rows older than the cursor's id have `created_at` before that id's time plus one millisecond, and each window holds
 * ids all lower than the previous window's: reading the windows in turn until the page is full gives the same rows as
 * one scan of the whole table, while each query names a time range the planner prunes to a month or a few.
 */
export function activityWindows(beforeId: string | undefined, now: Date): ActivityWindow[] {
  const to = beforeId ? new Date(uuidv7Time(beforeId).getTime() + 1) : new Date(now.getTime() + CLOCK_SKEW_ALLOWANCE_MS);
  let month = monthOf(new Date(to.getTime() - 1));
  const windows: ActivityWindow[] = [{ from: monthStart(month), to }];
  for (const count of WINDOW_MONTHS) {
    const from = addMonths(month, -count);
    windows.push({ from: monthStart(from), to: monthStart(month) });
    month = from;
  }
  windows.push({ from: null, to: monthStart(month) });
  return windows;
}

/** One window's query: newest first, at most `limit` rows, below the cursor's id when there is one. */
export function activityPageQuery(scope: ActivityScope, beforeId: string | undefined, window: ActivityWindow, limit: number): { sql: string; params: unknown[] } {
  const [column, value] = 'taskId' in scope ? ['task_id', scope.taskId] : ['project_id', scope.projectId];
  const params: unknown[] = [value, window.to.toISOString(), limit];
  const where = [`${column} = $1`, 'created_at < $2'];
  if (window.from) where.push(`created_at >= $${params.push(window.from.toISOString())}`);
  if (beforeId) where.push(`id < $${params.push(beforeId)}`);
  const sql = `SELECT id, project_id, task_id, actor_id, actor_name, action, changes, created_at FROM activity
    WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $3`;
  return { sql, params };
}
