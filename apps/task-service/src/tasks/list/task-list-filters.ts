import { type TaskStatus } from '@taskhub/contracts';
import { type TaskListFilters } from './task-list.query';
import { type TaskFilterQueryDto } from './dto/task-filter.query.dto';

/** The words of a search that count (letters and digits), at most this many. */
export const MAX_SEARCH_WORDS = 10;

/** The request's filters for the query builder: `me` resolved, `none` split out, q split into words, lists sorted. */
export function listFilters(userId: string, query: TaskFilterQueryDto, scope: { projectIds?: string[]; statuses?: TaskStatus[] }): TaskListFilters {
  const assignees = query.assigneeId?.map((value) => value.toLowerCase()).map((value) => (value === 'me' ? userId : value));
  const parents = query.parentId?.map((value) => value.toLowerCase());
  return {
    projectIds: sortedSet(scope.projectIds?.map((id) => id.toLowerCase())),
    statuses: sortedSet(scope.statuses),
    assigneeIds: sortedSet(assignees?.filter((value) => value !== 'none')),
    unassigned: assignees?.includes('none') || undefined,
    priorities: sortedSet(query.priority),
    labelIds: sortedSet(query.labelId?.map((id) => id.toLowerCase())),
    parentIds: sortedSet(parents?.filter((value) => value !== 'none')),
    topLevel: parents?.includes('none') || undefined,
    dueBefore: instant(query.dueBefore),
    dueAfter: instant(query.dueAfter),
    updatedSince: instant(query.updatedSince),
    words: query.q === undefined ? undefined : searchWords(query.q),
  };
}

/** Lower-cased runs of letters and digits: nothing else reaches the tsquery. */
export function searchWords(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, MAX_SEARCH_WORDS);
}

function sortedSet<T extends string>(values: readonly T[] | undefined): T[] | undefined {
  return values && values.length > 0 ? [...new Set(values)].sort() : undefined;
}

/** ISO 8601 as one spelling (a date alone is midnight UTC), so equal instants bind a cursor alike. */
function instant(value: string | undefined): string | undefined {
  return value === undefined ? undefined : new Date(value).toISOString();
}
