import { SERVICE_CATALOG, serviceConfigDefaults } from '@taskhub/platform-config';
import {
  aclSetUserArguments,
  gatewayRedisAclRules,
  type RedisPrincipal,
  redisUserName,
  type RedisUserSpec,
  serviceRedisAclRules,
} from '@taskhub/platform-redis';
import Redis from 'ioredis';

/** Runs `work` with a short-lived admin connection to `redisUrl` (its user must be allowed ACL SETUSER/DELUSER). */
async function withAdmin<T>(redisUrl: string, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5_000 });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

/**
 * Creates each user, or makes an existing one exactly this (`ACL SETUSER <name> reset on >password ...`): idempotent,
 * so it runs before every start. Connections already authenticated as a user get its new rules at once. Returns the
 * names, in order.
 */
export async function provisionRedisUsers(redisUrl: string, users: readonly RedisUserSpec[]): Promise<string[]> {
  const without = users.filter((user) => user.password.length === 0).map((user) => user.name);
  if (without.length > 0) throw new Error(`the Redis users ${without.join(', ')} need a password`);
  return withAdmin(redisUrl, async (redis) => {
    for (const user of users) await redis.call('ACL', 'SETUSER', ...aclSetUserArguments(user));
    return users.map((user) => user.name);
  });
}

/** Deletes the users (a name that does not exist is fine); returns how many existed. */
export async function deleteRedisUsers(redisUrl: string, names: readonly string[]): Promise<number> {
  if (names.length === 0) return 0;
  return withAdmin(redisUrl, async (redis) => Number(await redis.call('ACL', 'DELUSER', ...names)));
}

/** The names of the server's users that start with `prefix` (ACL USERS). */
export async function redisUsersWithPrefix(redisUrl: string, prefix: string): Promise<string[]> {
  return withAdmin(redisUrl, async (redis) => ((await redis.call('ACL', 'USERS')) as string[]).filter((name) => name.startsWith(prefix)));
}

/**
 * TaskHub's Redis users with the key prefixes the services and the gateway use by default (REDIS_KEY_PREFIX
 * `taskhub:<service>:`, REDIS_SHARED_KEY_PREFIX `taskhub:shared:`, GATEWAY_REDIS_KEY_PREFIX empty, as Kong has none):
 * `taskhub_auth`, `taskhub_user`, `taskhub_task`, `taskhub_notification`, `taskhub_gateway`.
 */
export function taskhubRedisUsers(passwordOf: (principal: RedisPrincipal) => string): RedisUserSpec[] {
  const services = SERVICE_CATALOG.map((descriptor) => {
    const defaults = serviceConfigDefaults(descriptor);
    const prefixes = { keyPrefix: defaults.REDIS_KEY_PREFIX, sharedKeyPrefix: defaults.REDIS_SHARED_KEY_PREFIX };
    return { name: redisUserName(descriptor.name), password: passwordOf(descriptor.name), rules: serviceRedisAclRules(descriptor.name, prefixes) };
  });
  return [...services, { name: redisUserName('gateway'), password: passwordOf('gateway'), rules: gatewayRedisAclRules('') }];
}
