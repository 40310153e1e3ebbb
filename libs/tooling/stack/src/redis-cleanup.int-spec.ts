import Redis from 'ioredis';
import { integrationEnv } from '@taskhub/platform-testing';
import { escapeRedisGlob } from '@taskhub/platform-redis';
import { deleteRedisKeysWithPrefix } from './redis-cleanup';

describe(deleteRedisKeysWithPrefix.name, () => {
  const env = integrationEnv();
  const redis = new Redis(env.redisUrl);
  afterAll(() => redis.disconnect());

  it('should delete exactly the keys under the prefix', async () => {
    const prefix = `${env.redisKeyPrefix}cleanup-[1]:`;
    const neighbour = `${env.redisKeyPrefix}cleanup-1:kept`;
    await redis.set(`${prefix}a`, '1');
    await redis.set(`${prefix}b`, '2');
    await redis.set(neighbour, '3');

    const removed = await deleteRedisKeysWithPrefix(env.redisUrl, prefix);

    expect(removed).toBe(2);
    expect(await redis.exists(`${prefix}a`, `${prefix}b`)).toBe(0);
    expect(await redis.get(neighbour)).toBe('3');
  });

  it('should refuse a prefix that is not a test prefix', async () => {
    await expect(deleteRedisKeysWithPrefix(env.redisUrl, 'taskhub:')).rejects.toThrow(/refusing/);
  });

  it('should escape glob characters', () => {
    expect(escapeRedisGlob('a*b?[c]')).toBe('a\\*b\\?\\[c\\]');
  });
});
