/** The fields a task list sorts by; `-field` sorts descending. NULLs (only dueAt has them) come last either way. */
export const TASK_SORT_FIELDS = ['dueAt', 'priority', 'createdAt', 'updatedAt', 'number'] as const;
export type TaskSortField = (typeof TASK_SORT_FIELDS)[number];

export interface TaskSort {
  readonly field: TaskSortField;
  readonly descending: boolean;
}

/** The values `sort` accepts: each field, ascending or with `-` descending. */
export const TASK_SORT_VALUES: readonly string[] = TASK_SORT_FIELDS.flatMap((field) => [field, `-${field}`]);

/** Newest first when a list names no sort. */
export const DEFAULT_TASK_SORT = '-createdAt';

/** `dueAt` / `-dueAt` as a sort; the value has been validated against TASK_SORT_VALUES. */
export function parseTaskSort(value: string): TaskSort {
  const descending = value.startsWith('-');
  const field = (descending ? value.slice(1) : value) as TaskSortField;
  if (!TASK_SORT_FIELDS.includes(field)) throw new RangeError(`not a task sort: ${value}`);
  return { field, descending };
}
