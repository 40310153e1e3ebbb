/**
 * Whether a list query is a common shape whose first page is cached: nothing set but the `allowed` keys (no filter,
 * search, sort, limit or cursor of the caller's own).
 */
export function isDefaultShape(query: object, allowed: readonly string[] = []): boolean {
  return Object.entries(query).every(([key, value]) => value === undefined || allowed.includes(key));
}
