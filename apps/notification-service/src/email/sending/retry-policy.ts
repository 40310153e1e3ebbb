/** How failed sends are retried: exponential backoff with jitter, parked after too many attempts or too long. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
  /** an e-mail queued longer ago than this is parked at its next failure (a long outage) */
  readonly parkAfterMs: number;
}

/**
 * The delay before attempt `attempts + 1`: base × 2^(attempts-1), capped, with "equal jitter" (half fixed, half
 * random) so instances that failed together do not retry together, and no retry comes at once.
 */
export function retryDelayMs(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** After a failure that made `attempts` in all: park it (kept for replay) rather than retry? */
export function shouldPark(policy: RetryPolicy, attempts: number, queuedAt: Date, now: Date): boolean {
  return attempts >= policy.maxAttempts || now.getTime() - queuedAt.getTime() >= policy.parkAfterMs;
}
