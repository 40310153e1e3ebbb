import { randomBytes, randomUUID } from 'node:crypto';
import { closeRedis, createRedisClient, type Redis } from '@taskhub/platform-redis';
import { integrationEnv, waitFor } from '@taskhub/platform-testing';
import { STREAM_LEASE_MS, StreamLeases } from '../src/notification-stream/stream-leases';

/** Two instances' StreamLeases on one Redis prefix (as two replicas share REDIS_KEY_PREFIX), each on its own client. */
describe(StreamLeases.name, () => {
  const keyPrefix = `${integrationEnv().redisKeyPrefix}stream-leases-${randomBytes(4).toString('hex')}:`;
  const clients: Redis[] = [];
  let first: StreamLeases;
  let second: StreamLeases;

  const client = async (): Promise<Redis> => {
    const redis = createRedisClient({ url: integrationEnv().redisUrl, keyPrefix, connectionName: 'stream-leases-int-spec' });
    clients.push(redis);
    await waitFor(() => redis.status === 'ready', { description: 'the redis client to connect' });
    return redis;
  };
  /** The lease ends (ms, Redis' clock) of the user's open streams. */
  const leaseEnds = async (userId: string): Promise<number[]> => {
    const flat = await clients[0].zrange(`notification-streams:${userId}`, 0, -1, 'WITHSCORES');
    return flat.filter((_, i) => i % 2 === 1).map(Number);
  };

  beforeAll(async () => {
    [first, second] = [new StreamLeases(await client()), new StreamLeases(await client())];
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => closeRedis(c)));
  });

  it('should count the streams of a user over both instances and give a lease back on release', async () => {
    const userId = randomUUID();
    const leases = [await first.acquire(userId, 3), await second.acquire(userId, 3), await first.acquire(userId, 3)];

    expect(leases.every((l) => typeof l === 'string')).toBe(true);
    expect([await first.acquire(userId, 3), await second.acquire(userId, 3)]).toEqual([undefined, undefined]);
    expect(await second.acquire(randomUUID(), 3)).toEqual(expect.any(String)); // another user has a cap of their own

    first.release(leases[0]!);
    await waitFor(async () => (await second.acquire(userId, 3)) !== undefined, { description: 'a lease again after a release' });
  });

  it('should not count a lapsed lease, such as the streams of an instance that died', async () => {
    const userId = randomUUID();
    const [seconds] = await clients[0].time();
    // a dead instance's two streams, whose last renewal was more than a lease ago
    await clients[0].zadd(`notification-streams:${userId}`, Number(seconds) * 1000 - 1, 'dead:1', Number(seconds) * 1000 - 1, 'dead:2');

    expect([await first.acquire(userId, 2), await second.acquire(userId, 2), await first.acquire(userId, 2)].map((l) => l !== undefined)).toEqual([true, true, false]);
    expect(await leaseEnds(userId)).toHaveLength(2);
  });

  it('should move the lease of every open stream a full lease ahead when it renews', async () => {
    const userId = randomUUID();
    await first.acquire(userId, 5);
    const [before] = await leaseEnds(userId);
    await waitFor(async () => Number((await clients[0].time())[0]) * 1000 > before - STREAM_LEASE_MS + 1000, { description: 'a second to pass' });

    await first.renewAll();

    const [after] = await leaseEnds(userId);
    expect(after).toBeGreaterThanOrEqual(before + 1000);
    expect(after).toBeLessThanOrEqual(Date.now() + STREAM_LEASE_MS + 5000);
  });
});
