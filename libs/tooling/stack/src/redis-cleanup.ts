import { escapeRedisGlob } from '@taskhub/platform-redis';
import Redis from 'ioredis';

/** Deletes every key starting with `prefix` (SCAN MATCH + UNLINK); returns how many were removed. */
export async function deleteRedisKeysWithPrefix(redisUrl: string, prefix: string): Promise<number> {
  if (!prefix.includes('_test_')) throw new Error(`refusing to delete Redis keys with prefix "${prefix}": not a test prefix`);
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  await redis.connect();
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeRedisGlob(prefix)}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}
