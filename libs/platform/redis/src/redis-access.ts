import { createHash } from 'node:crypto';
import { type ServiceName } from '@taskhub/platform-config';

/** Who connects to Redis: a service, or the gateway (Kong's rate-limiting counters). */
export type RedisPrincipal = ServiceName | 'gateway';

/**
 * The services that may write the shared keys (REDIS_SHARED_KEY_PREFIX): the session revocations (`revoked:sid:*`,
 * `revoked:jti:*`) end sessions at every service, so only the auth service, which ends them, may write (or delete)
 * them. Every other service reads them, and writes only its own per-user rate-limit counters there.
 */
export const SHARED_KEY_WRITERS: ReadonlySet<RedisPrincipal> = new Set<RedisPrincipal>(['auth']);

/**
 * Commands every TaskHub user may run: all but Redis's `@dangerous` category (FLUSHALL, KEYS, CONFIG, DEBUG, ACL,
 * CLIENT KILL, MONITOR, ...), plus INFO, which ioredis sends on every connect (its ready check).
 */
const COMMAND_RULES = ['+@all', '-@dangerous', '+info'] as const;

/** Escapes Redis glob characters, so a prefix matches literally in an ACL key pattern or SCAN MATCH. */
export function escapeRedisGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** The key prefixes a service's Redis clients use (REDIS_KEY_PREFIX, REDIS_SHARED_KEY_PREFIX). */
export interface ServiceKeyPrefixes {
  readonly keyPrefix: string;
  readonly sharedKeyPrefix: string;
}

/** The Redis user of a principal: `taskhub_auth`, ..., `taskhub_gateway` (tests add their run's namespace). */
export function redisUserName(principal: RedisPrincipal, namespace = 'taskhub'): string {
  return `${namespace}_${principal}`;
}

/**
 * A service's ACL rules (after `reset`): read and write under its own prefix, channels under it (the cache's
 * invalidation bus, the notification stream), the shared keys read-only (`%R~`, Redis 7) but its own rate-limit
 * counters, or read and write for a SHARED_KEY_WRITERS service. A script (EVAL) that names a read-only key is refused
 * by Redis as a whole, so the shared keys are only ever read with plain commands (EXISTS).
 */
export function serviceRedisAclRules(service: ServiceName, prefixes: ServiceKeyPrefixes): string[] {
  const own = escapeRedisGlob(prefixes.keyPrefix);
  const shared = escapeRedisGlob(prefixes.sharedKeyPrefix);
  const sharedAccess = SHARED_KEY_WRITERS.has(service)
    ? [`~${shared}*`]
    : [`%R~${shared}*`, `~${shared}${escapeRedisGlob(userRateLimitKeyPrefix(service))}*`];
  return ['resetkeys', `~${own}*`, ...sharedAccess, 'resetchannels', `&${own}*`, ...COMMAND_RULES];
}

/** The gateway's ACL rules: Kong's rate-limiting counters (`ratelimit:*`) under its key prefix, no channels. */
export function gatewayRedisAclRules(keyPrefix: string): string[] {
  return ['resetkeys', `~${escapeRedisGlob(keyPrefix)}ratelimit:*`, 'resetchannels', ...COMMAND_RULES];
}

/** Where a service's per-user rate-limit counters live under the shared prefix (`UserRateLimiter`). */
export function userRateLimitKeyPrefix(service: ServiceName): string {
  return `ratelimit:${service}:`;
}

/** One Redis user to create: its name, password and rules. */
export interface RedisUserSpec {
  readonly name: string;
  readonly password: string;
  readonly rules: readonly string[];
}

/** `ACL SETUSER` arguments that make the user exactly this, whatever it was (`reset` first): idempotent. */
export function aclSetUserArguments(user: RedisUserSpec): string[] {
  return [user.name, 'reset', 'on', `>${user.password}`, ...user.rules];
}

/** The user as a line of an ACL file (`aclfile`): the password as its SHA-256 (`#<hex>`), never in clear. */
export function aclFileLine(user: RedisUserSpec): string {
  const hash = createHash('sha256').update(user.password).digest('hex');
  return ['user', user.name, 'on', `#${hash}`, ...user.rules].join(' ');
}
