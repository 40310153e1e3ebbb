import { isDefaultShape } from './default-shape';
import { type TaskListFilters } from './task-list.query';

/**
 * The equality filters whose first pages are cached (with one projectId, the default sort and limit): the ones a
 * board's column and a person's view set (status; assignee, `me` included; priority; label), each one index range of
 * the project (docs/task-queries.md). Dates, parents and search stay uncached: their values are open-ended.
 */
export const CACHED_FILTERS = ['status', 'assigneeId', 'priority', 'labelId'] as const;

/** At most this many of CACHED_FILTERS at once, one value each, make a cached shape. */
export const MAX_CACHED_FILTERS = 2;

/**
 * The canonical form of a list's filters when its first page is a cached shape, else undefined: the filters as the
 * query binds them (`listFilters`: `me` resolved to the caller, ids lower-cased, duplicates gone), written as
 * `name=value` pairs in name order and joined by `&`, so the order and spelling of the request's parameters do not
 * matter. Undefined for the default list itself (no filter), more than MAX_CACHED_FILTERS filters, a filter with
 * several values ("any of"), and any other parameter (cursor, q, sort, limit, dates, parentId, several projects).
 */
export function filteredShapeKey(query: object, filters: TaskListFilters): string | undefined {
  if (filters.projectIds?.length !== 1 || !isDefaultShape(query, ['projectId', ...CACHED_FILTERS])) return undefined;
  const values: Record<(typeof CACHED_FILTERS)[number], readonly string[]> = {
    status: filters.statuses ?? [],
    assigneeId: [...(filters.assigneeIds ?? []), ...(filters.unassigned ? ['none'] : [])],
    priority: filters.priorities ?? [],
    labelId: filters.labelIds ?? [],
  };
  const set = Object.entries(values).filter(([, v]) => v.length > 0);
  if (set.length === 0 || set.length > MAX_CACHED_FILTERS || set.some(([, v]) => v.length !== 1)) return undefined;
  return set
    .map(([name, [value]]) => `${name}=${value}`)
    .sort()
    .join('&');
}
