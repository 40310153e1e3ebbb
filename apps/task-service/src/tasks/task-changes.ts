import { type FieldChangeV1 } from '@taskhub/contracts';
import { fieldsOf, type Task, TASK_FIELDS, type TaskField, type TaskFields } from './task';

type ChangeValue = string | number | boolean | null | readonly string[];

/** The fields listed in a task's history and its task.task.updated.v1: the client's, then what follows from them. */
const HISTORY_FIELDS = [...TASK_FIELDS, 'completedAt'] as const;
type HistoryField = (typeof HISTORY_FIELDS)[number];

function same(a: ChangeValue, b: ChangeValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

function historyValues(task: Task): Record<HistoryField, ChangeValue> {
  return { ...fieldsOf(task), completedAt: task.completedAt };
}

/** The fields of `requested` (normalised) whose value differs from the task's: empty when the PATCH changes nothing. */
export function changedFields(current: TaskFields, requested: Partial<TaskFields>): TaskField[] {
  return TASK_FIELDS.filter((field) => requested[field] !== undefined && !same(requested[field], current[field]));
}

/** Every field that differs between two states of a task, with its old and new value (id sets as sorted lists). */
export function fieldChanges(before: Task, after: Task): FieldChangeV1[] {
  const old = historyValues(before);
  const now = historyValues(after);
  return HISTORY_FIELDS.filter((field) => !same(old[field], now[field])).map((field) => ({ field, old: old[field], new: now[field] }));
}

/** A new task's history entry: each field it was created with a value (old: null; empty sets left out). */
export function initialChanges(task: Task): FieldChangeV1[] {
  const values = historyValues(task);
  return HISTORY_FIELDS.filter((field) => {
    const value = values[field];
    return value !== null && !(Array.isArray(value) && value.length === 0);
  }).map((field) => ({ field, old: null, new: values[field] }));
}
