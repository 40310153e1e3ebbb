/** Kong's regex paths start with `~`. */
export function isRegexPath(path: string): boolean {
  return path.startsWith('~');
}

/**
 * A route's regex path as Kong matches it: the pattern after `~`, anchored at the start of the normalized request path
 * (kong/router/transform.lua prefixes `^`), not at its end; a route that wants the whole path writes `$` itself.
 * Throws on a pattern that does not compile.
 */
export function compileRegexPath(path: string): RegExp {
  return new RegExp(`^(?:${path.slice(1)})`);
}
