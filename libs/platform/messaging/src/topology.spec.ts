import { consumerQueueNames, jitteredDelayMs, retryTierTtlMs } from './topology';

describe(consumerQueueNames.name, () => {
  it('should name the queues <queue>, <queue>.delay.<n> and <queue>.dead', () => {
    expect(consumerQueueNames({ queue: 'user.profiles', retryDelaysMs: [1, 2, 3] })).toEqual({
      main: 'user.profiles',
      retries: ['user.profiles.delay.1', 'user.profiles.delay.2', 'user.profiles.delay.3'],
      dead: 'user.profiles.dead',
    });
  });

  it('should have three tiers by default: 1 s, 10 s, 60 s', () => {
    expect(consumerQueueNames({ queue: 'user.profiles' }).retries).toHaveLength(3);
  });
});

describe(jitteredDelayMs.name, () => {
  it('should spread a delay over +/- 20 % and never past its tier TTL', () => {
    expect(jitteredDelayMs(10_000, () => 0)).toBe(8_000);
    expect(jitteredDelayMs(10_000, () => 0.5)).toBe(10_000);
    expect(jitteredDelayMs(10_000, () => 0.999999)).toBeLessThanOrEqual(retryTierTtlMs(10_000));
  });
});
