import { retryDelayMs, shouldPark } from './retry-policy';

describe('retry policy', () => {
  const policy = { maxAttempts: 5, baseMs: 1000, maxMs: 8000, parkAfterMs: 3_600_000 };

  it('should double the delay per attempt up to the cap, half of it jittered', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n, () => 0))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(policy, n, () => 1))).toEqual([1000, 2000, 4000, 8000, 8000]);
  });

  it('should park after the last attempt or a long outage, not before', () => {
    const queuedAt = new Date('2026-12-05T00:00:00Z');
    expect(shouldPark(policy, 4, queuedAt, new Date('2026-12-05T00:59:59Z'))).toBe(false);
    expect(shouldPark(policy, 5, queuedAt, new Date('2026-12-05T00:00:01Z'))).toBe(true);
    expect(shouldPark(policy, 1, queuedAt, new Date('2026-12-05T01:00:00Z'))).toBe(true);
  });
});
