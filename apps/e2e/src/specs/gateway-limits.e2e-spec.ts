import { waitFor } from '@taskhub/platform-testing';
import { deleteRedisKeysWithPrefix } from '@taskhub/tooling-stack';
import { boundedConcurrency, restartGateway, viaGateway, type HttpResult, UNKNOWN_TASK_PATH } from '../support/e2e-client';
import { allowedPayloadBytes, minuteRateLimit } from '../support/kong-config';
import { stackInfo } from '../support/stack-info';

jest.setTimeout(180_000);

const PATH = UNKNOWN_TASK_PATH;

function remaining(response: HttpResult): number {
  const value = response.headers.get('x-ratelimit-remaining-minute');
  if (value === null) throw new Error(`no X-RateLimit-Remaining-Minute header (status ${response.status})`);
  return Number(value);
}

describe('request size limit', () => {
  it('should refuse a body over the configured size with 413 and accept one under it', async () => {
    const limit = allowedPayloadBytes('task-service');

    const tooBig = await viaGateway('/api/v1/tasks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `"${'x'.repeat(limit - 1)}"`,
    });
    const small = await viaGateway('/api/v1/tasks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

    expect(tooBig.status).toBe(413);
    expect(small.status).not.toBe(413);
  });
});

describe('rate limiting', () => {
  const info = stackInfo();

  afterAll(async () => {
    // the counters of this test must not throttle the suites that run after it in the same minute
    await deleteRedisKeysWithPrefix(info.redisUrl, info.gateway.redisKeyPrefix);
  });

  it("should answer 429 with Kong's headers once the per-minute limit is spent, counting across a gateway restart", async () => {
    const limit = minuteRateLimit('task-service');
    // Kong's minute window is the clock minute: the whole test must fit in one, so start early in a minute
    await waitFor(() => Date.now() % 60_000 < 15_000, {
      description: 'a fresh minute window',
      timeoutMs: 61_000,
      intervalMs: 250,
    });
    await deleteRedisKeysWithPrefix(info.redisUrl, info.gateway.redisKeyPrefix);

    const first = await viaGateway(PATH);
    expect(first.status).toBe(404);
    expect(Number(first.headers.get('x-ratelimit-limit-minute'))).toBe(limit);
    expect(remaining(first)).toBe(limit - 1);

    const half = Math.floor((limit - 1) / 2);
    await boundedConcurrency(half, 16, () => viaGateway(PATH));
    const beforeRestart = await viaGateway(PATH);
    const left = remaining(beforeRestart);
    expect(left).toBe(limit - 2 - half);

    await restartGateway();

    const afterRestart = await viaGateway(PATH);
    expect(remaining(afterRestart)).toBe(left - 1);

    await boundedConcurrency(left - 1, 16, () => viaGateway(PATH));
    const limited = await viaGateway(PATH);

    expect(limited.status).toBe(429);
    expect(limited.json()).toEqual(expect.objectContaining({ message: 'API rate limit exceeded' }));
    expect(limited.headers.get('ratelimit-limit')).toBe(String(limit));
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(limited.headers.get('x-ratelimit-limit-minute')).toBe(String(limit));
    expect(limited.headers.get('x-ratelimit-remaining-minute')).toBe('0');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });
});
