import { Injectable } from '@nestjs/common';
import { type TaskStatus } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { type Task } from '../task';
import { type TaskRow, toTask } from '../task.repository';
import { buildTaskCountQuery, buildTaskListQuery, type TaskListFilters, type TaskListQueryInput } from './task-list.query';

/** A listed task and its sort key as Postgres wrote it (the cursor's position). */
export interface ListedTask {
  readonly task: Task;
  readonly sortValue: string | null;
}

/** The reads of task lists: one statement per page (assignees and labels included), one for a board's counts. */
@Injectable()
export class TaskListRepository {
  async page(manager: EntityManager, input: TaskListQueryInput): Promise<ListedTask[]> {
    const { sql, params } = buildTaskListQuery(input);
    const rows = await manager.query<(TaskRow & { sort_value: string | null })[]>(sql, params);
    return rows.map((row) => ({ task: toTask(row), sortValue: row.sort_value }));
  }

  /** How many tasks of each status the filters keep (0 for a status without any). */
  async countByStatus(manager: EntityManager, userId: string, filters: TaskListFilters): Promise<Map<TaskStatus, number>> {
    const { sql, params } = buildTaskCountQuery(userId, filters);
    const rows = await manager.query<{ status: TaskStatus; count: number }[]>(sql, params);
    return new Map(rows.map((row) => [row.status, row.count]));
  }

  /** Every project the user is a member of, in id order (what my work lists). */
  async userProjects(manager: EntityManager, userId: string): Promise<string[]> {
    const rows = await manager.query<{ project_id: string }[]>(`SELECT project_id FROM project_member WHERE user_id = $1 ORDER BY project_id`, [userId]);
    return rows.map((row) => row.project_id);
  }

  /** Those of `projectIds` the user is a member of. */
  async memberProjects(manager: EntityManager, userId: string, projectIds: readonly string[]): Promise<Set<string>> {
    const rows = await manager.query<{ project_id: string }[]>(`SELECT project_id FROM project_member WHERE user_id = $1 AND project_id = ANY($2::uuid[])`, [
      userId,
      projectIds,
    ]);
    return new Set(rows.map((row) => row.project_id));
  }
}
