import { LuaScript } from '@taskhub/platform-redis';

/**
 * How long a version counter outlives its last invalidation: far longer than any load (a load stores only if the
 * version it read is unchanged; a counter that expired and restarted during a load could match again).
 */
export const VERSION_TTL_MS = 24 * 60 * 60 * 1000;

/** KEYS value, version; ARGV expected version ('0': never invalidated), JSON, TTL in ms. 1 if stored, 0 if not. */
export const STORE_IF_VERSION = new LuaScript(`
local current = redis.call('GET', KEYS[2]) or '0'
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`);

/** KEYS value, version; ARGV version TTL in ms. Bumps the version (so a load in flight will not store) and drops the value. */
export const INVALIDATE = new LuaScript(`
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[1])
return 1
`);
