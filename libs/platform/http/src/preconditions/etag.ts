import { PreconditionRequiredException, UnusableIfMatchException } from './precondition.exceptions';

/** A request header as Node.js gives it (repeated headers of a list joined by commas, or an array). */
export type HeaderValue = string | string[] | undefined;

/** The strong ETag of a versioned resource: `"<version>"` (quotes included). */
export function etagOf(version: number): string {
  if (!Number.isSafeInteger(version) || version < 0) throw new Error(`etagOf: ${version} is not a version (a non-negative integer)`);
  return `"${version}"`;
}

const STRONG_VERSION_ETAG = /^"(0|[1-9][0-9]*)"$/;

/** The members of a comma-separated header list, trimmed; empty members dropped (RFC 9110 §5.6.1). */
function listMembers(header: HeaderValue): string[] {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value
    .split(',')
    .map((member) => member.trim())
    .filter((member) => member !== '');
}

/**
 * The version an If-Match header names, compared strongly as RFC 9110 says: exactly one ETag as `etagOf` writes it.
 * Missing (or blank): PreconditionRequiredException (428). `*`, a list, a weak or a malformed ETag:
 * UnusableIfMatchException (412); `*` is refused because it would let a change overwrite any version.
 */
export function versionFromIfMatch(header: HeaderValue): number {
  const members = listMembers(header);
  if (members.length === 0) throw new PreconditionRequiredException();
  if (members.length > 1) throw new UnusableIfMatchException('list');
  const [tag] = members;
  if (tag === '*') throw new UnusableIfMatchException('wildcard');
  if (tag.startsWith('W/')) throw new UnusableIfMatchException('weak');
  const version = STRONG_VERSION_ETAG.test(tag) ? Number(tag.slice(1, -1)) : Number.NaN;
  if (!Number.isSafeInteger(version)) throw new UnusableIfMatchException('malformed');
  return version;
}

/** Whether an If-None-Match header matches `etag`: weak comparison, `*` matches any (RFC 9110 §13.1.2). */
export function ifNoneMatchIncludes(header: HeaderValue, etag: string): boolean {
  const opaque = etag.replace(/^W\//, '');
  return listMembers(header).some((tag) => tag === '*' || tag.replace(/^W\//, '') === opaque);
}
