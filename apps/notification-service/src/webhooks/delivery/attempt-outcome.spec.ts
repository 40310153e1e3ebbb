import { type AttemptResult, outcomeOf, retryDelayMs } from './attempt-outcome';

const SCHEDULE = { baseDelayMs: 60_000, maxDelayMs: 4 * 3600_000, maxAttempts: 16 };
const response = (statusCode: number): AttemptResult => ({ kind: 'response', statusCode, durationMs: 12 });
const failure = (overrides: Partial<{ forbidden: boolean; timedOut: boolean }>): AttemptResult => ({ kind: 'error', error: 'x', forbidden: false, timedOut: false, durationMs: 5, ...overrides });
const half = () => 0.5;

describe(outcomeOf.name, () => {
  it.each([200, 201, 204, 299])('should succeed on %i', (status) => {
    expect(outcomeOf(response(status), 1, SCHEDULE, half)).toEqual({ status: 'succeeded' });
  });

  it.each([
    [response(500), 'HTTP 500'],
    [response(503), 'HTTP 503'],
    [response(429), 'HTTP 429'],
    [failure({ timedOut: true }), 'timeout'],
    [failure({}), 'network error'],
  ])('should retry %j, then fail after the last attempt', (result, reason) => {
    expect(outcomeOf(result, 1, SCHEDULE, half)).toEqual({ status: 'pending', retryInMs: 45_000 });
    expect(outcomeOf(result, 16, SCHEDULE, half)).toEqual({ status: 'failed', reason: `${reason}: 16 attempts made` });
  });

  it.each([
    [response(400), 'HTTP 400'],
    [response(404), 'HTTP 404'],
    [response(410), 'HTTP 410'],
    [response(301), 'HTTP 301'],
    [failure({ forbidden: true }), 'address forbidden'],
  ])('should fail %j at once, not retried', (result, reason) => {
    expect(outcomeOf(result, 1, SCHEDULE, half)).toEqual({ status: 'failed', reason: `${reason}: not retried` });
  });
});

describe(retryDelayMs.name, () => {
  it('should double from the base up to the cap, half of each delay random', () => {
    const ceilings = Array.from({ length: 15 }, (_, i) => retryDelayMs(i + 1, SCHEDULE, () => 1));
    expect(ceilings.map((ms) => ms / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 240, 240, 240, 240, 240, 240, 240]);
    expect(retryDelayMs(3, SCHEDULE, () => 0)).toBe(120_000);
  });

  it('should spread the default 16 attempts over 16 to 32 hours: about a day', () => {
    const total = (random: () => number) => Array.from({ length: 15 }, (_, i) => retryDelayMs(i + 1, SCHEDULE, random)).reduce((a, b) => a + b, 0) / 3600_000;
    expect([total(() => 0), total(() => 1)]).toEqual([16.125, 32.25]);
  });
});
