import { type TaskPriority, type TaskStatus } from '@taskhub/contracts';
import { MARKDOWN_MAX_BYTES } from '../common/max-utf8-bytes.validator';

/** Limits of a task that protect the database (issue 10): each breach is a 400 naming the field. */
export const TASK_LIMITS = {
  TITLE_MAX_LENGTH: 200,
  /** 64 KiB of UTF-8 (the Markdown as stored) */
  DESCRIPTION_MAX_BYTES: MARKDOWN_MAX_BYTES,
  MAX_ASSIGNEES: 50,
  MAX_LABELS: 50,
  /** levels of a subtask tree: a task without a parent is level 1 */
  MAX_DEPTH: 5,
  /** how long a deleted task can be restored */
  RESTORE_DAYS: 30,
} as const;

/** The status that sets `completedAt` (cleared when the task leaves it): `cancelled` is not completed. */
export const COMPLETED_STATUS: TaskStatus = 'done';

export interface TaskAssignee {
  readonly id: string;
  /** from the read model of people; null while it has not seen them */
  readonly displayName: string | null;
}

export interface TaskLabel {
  readonly id: string;
  readonly name: string;
  readonly color: string;
}

/** A task as the service passes it around (JSON-shaped: dates as ISO strings, lists in id order). */
export interface Task {
  readonly id: string;
  readonly projectId: string;
  readonly number: number;
  /** `<project key>-<number>`, e.g. WEB-42 */
  readonly key: string;
  readonly title: string;
  readonly description: string | null;
  readonly status: TaskStatus;
  readonly priority: TaskPriority;
  readonly startAt: string | null;
  readonly dueAt: string | null;
  readonly completedAt: string | null;
  readonly parentId: string | null;
  /** the parent is deleted (restorable): the subtask stays, under it */
  readonly parentDeleted: boolean;
  /** its subtasks that are not deleted */
  readonly subtaskCount: number;
  readonly assignees: readonly TaskAssignee[];
  readonly labels: readonly TaskLabel[];
  readonly version: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The fields a client sets (create and PATCH), normalised: dates as ISO strings, id sets sorted without repeats. */
export interface TaskFields {
  readonly title: string;
  readonly description: string | null;
  readonly status: TaskStatus;
  readonly priority: TaskPriority;
  readonly startAt: string | null;
  readonly dueAt: string | null;
  readonly parentId: string | null;
  readonly assigneeIds: readonly string[];
  readonly labelIds: readonly string[];
}

export type TaskField = keyof TaskFields;

/** Every field a client sets, in the order changes are listed. */
export const TASK_FIELDS: readonly TaskField[] = ['title', 'description', 'status', 'priority', 'startAt', 'dueAt', 'parentId', 'assigneeIds', 'labelIds'];

/** What a task holds of the client's fields. */
export function fieldsOf(task: Task): TaskFields {
  return {
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    startAt: task.startAt,
    dueAt: task.dueAt,
    parentId: task.parentId,
    assigneeIds: task.assignees.map((a) => a.id),
    labelIds: task.labels.map((l) => l.id),
  };
}

/** `2026-03-01` or `2026-03-01T09:00:00+02:00` as the ISO string the service stores and answers (UTC, milliseconds). */
export function normaliseInstant(value: string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** An id set as the service keeps it: sorted, without repeats (the order of the API's lists and of change values). */
export function idSet(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.toLowerCase()))].sort();
}
