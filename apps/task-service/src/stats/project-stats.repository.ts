import { Injectable } from '@nestjs/common';
import { TASK_PRIORITIES, TASK_STATUSES, type TaskPriority, type TaskStatus } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { CLOSED_STATUSES, type ProjectStats } from './project-stats';

interface StatsRow {
  by_status: Partial<Record<TaskStatus, number>>;
  by_priority: Partial<Record<TaskPriority, number>>;
  by_assignee: { userId: string; open: number }[];
  overdue: number;
  done_7: number;
  done_30: number;
}

/**
 * One statement over the project's live tasks, read once (a CTE used several times is materialised) through an index
 * on project_id; assignee counts join task_assignee by its primary key, or hash it whole for a very large project
 * (the planner's choice: cheaper than a probe per open task). Plans: docs/task-queries.md, "project stats".
 */
const STATS_SQL = `
WITH t AS (
  SELECT id, status, priority, due_at, completed_at, status <> ALL($2::text[]) AS open
  FROM task WHERE project_id = $1 AND deleted_at IS NULL
)
SELECT
  (SELECT COALESCE(json_object_agg(status, n), '{}') FROM (SELECT status, count(*)::int AS n FROM t GROUP BY status) s) AS by_status,
  (SELECT COALESCE(json_object_agg(priority, n), '{}') FROM (SELECT priority, count(*)::int AS n FROM t WHERE open GROUP BY priority) s) AS by_priority,
  (SELECT COALESCE(json_agg(json_build_object('userId', user_id, 'open', n) ORDER BY n DESC, user_id), '[]')
     FROM (SELECT a.user_id, count(*)::int AS n FROM t JOIN task_assignee a ON a.task_id = t.id WHERE t.open GROUP BY a.user_id) s) AS by_assignee,
  (SELECT count(*)::int FROM t WHERE open AND due_at < now()) AS overdue,
  (SELECT count(*)::int FROM t WHERE status = 'done' AND completed_at >= now() - interval '7 days') AS done_7,
  (SELECT count(*)::int FROM t WHERE status = 'done' AND completed_at >= now() - interval '30 days') AS done_30`;

/** The statement of a project's stats (the plan test explains it on seeded data). */
export function buildStatsQuery(projectId: string): { sql: string; params: unknown[] } {
  return { sql: STATS_SQL, params: [projectId, CLOSED_STATUSES] };
}

@Injectable()
export class ProjectStatsRepository {
  async load(manager: EntityManager, projectId: string): Promise<ProjectStats> {
    const { sql, params } = buildStatsQuery(projectId);
    const [row] = await manager.query<StatsRow[]>(sql, params);
    return {
      byStatus: Object.fromEntries(TASK_STATUSES.map((s) => [s, row.by_status[s] ?? 0])) as Record<TaskStatus, number>,
      byPriority: Object.fromEntries(TASK_PRIORITIES.map((p) => [p, row.by_priority[p] ?? 0])) as Record<TaskPriority, number>,
      byAssignee: row.by_assignee,
      overdue: row.overdue,
      doneLast7Days: row.done_7,
      doneLast30Days: row.done_30,
    };
  }
}
