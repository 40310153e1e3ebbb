import { DependencyUnavailableException } from '@taskhub/platform-errors';
import { type Redis } from '@taskhub/platform-redis';
import { IdempotencyStore } from './idempotency-store';

/** A client whose every command fails, as ioredis does while disconnected (no offline queue). */
const unavailableRedis = (): Redis => {
  const fail = (): Promise<never> => Promise.reject(new Error("Stream isn't writeable and enableOfflineQueue options is false"));
  return { evalsha: fail, eval: fail } as unknown as Redis;
};

describe(IdempotencyStore.name, () => {
  it('should refuse to begin with 503 when Redis is unavailable, so the request does not run without the guarantee', async () => {
    const store = new IdempotencyStore(unavailableRedis());

    const begun = store.begin('idempotency:k', 'f');

    await expect(begun).rejects.toThrow(DependencyUnavailableException);
    await expect(begun).rejects.toMatchObject({ statusCode: 503, code: 'DEPENDENCY.UNAVAILABLE', message: 'the idempotency store is unavailable, retry later' });
  });
});
