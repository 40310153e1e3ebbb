import { type TaskPriority, type TaskStatus } from '@taskhub/contracts';

/** Open: neither done nor cancelled. */
export const CLOSED_STATUSES: readonly TaskStatus[] = ['done', 'cancelled'];

/** A project's task counts (deleted tasks never count). */
export interface ProjectStats {
  /** every status, with 0 where none */
  readonly byStatus: Record<TaskStatus, number>;
  /** open tasks by priority, every priority with 0 where none */
  readonly byPriority: Record<TaskPriority, number>;
  /** open tasks per assignee, most first (then by user id); a task with two assignees counts for each */
  readonly byAssignee: { userId: string; open: number }[];
  /** open tasks due before now */
  readonly overdue: number;
  /** tasks done (completedAt) in the last 7 and 30 days that are still done */
  readonly doneLast7Days: number;
  readonly doneLast30Days: number;
}
