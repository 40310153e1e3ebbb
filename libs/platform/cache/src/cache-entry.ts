/** A namespace name: the metric label and part of every key. */
const NAMESPACE_NAME = /^[a-z0-9_-]+$/;
/** TTLs are spread by ±10 %, so entries loaded together (a deploy, a burst) do not all expire in the same second. */
export const TTL_JITTER = 0.1;

/** The two Redis keys of one cached id (under the client's key prefix). */
export interface EntryKeys {
  /** the cached JSON, with the namespace's TTL */
  readonly value: string;
  /** incremented by every invalidation; a load stores its value only if it is still the version it read */
  readonly version: string;
}

export function assertNamespaceName(name: string): string {
  if (!NAMESPACE_NAME.test(name)) throw new Error(`invalid cache namespace "${name}": use [a-z0-9_-]+`);
  return name;
}

/** `cache:{<namespace>:<id>}:value` and `:version`: the braces keep both in one Redis Cluster slot, for the scripts. */
export function entryKeys(namespace: string, id: string): EntryKeys {
  const base = `cache:{${namespace}:${id}}`;
  return { value: `${base}:value`, version: `${base}:version` };
}

/** `ttlSeconds` ± TTL_JITTER, in milliseconds (at least 1). */
export function jitteredTtlMs(ttlSeconds: number, random: () => number = Math.random): number {
  const factor = 1 - TTL_JITTER + 2 * TTL_JITTER * random();
  return Math.max(1, Math.round(ttlSeconds * 1000 * factor));
}
