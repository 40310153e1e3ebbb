/** What one delivery attempt came to: a response (any status), or no response (network error, timeout, refused address). */
export type AttemptResult =
  | { readonly kind: 'response'; readonly statusCode: number; readonly durationMs: number }
  | { readonly kind: 'error'; readonly error: string; readonly forbidden: boolean; readonly timedOut: boolean; readonly durationMs: number };

/** The retry schedule (config): exponential from `baseDelayMs`, capped at `maxDelayMs`, `maxAttempts` in all. */
export interface RetrySchedule {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
}

/** What becomes of the delivery after an attempt. */
export type DeliveryOutcome =
  | { readonly status: 'succeeded' }
  | { readonly status: 'pending'; readonly retryInMs: number }
  | { readonly status: 'failed'; readonly reason: string };

/**
 * The retry policy. A 2xx succeeds. A timeout, a network error, 429 and 5xx are retried with exponential backoff and
 * jitter until `maxAttempts`; anything else (3xx: redirects are not followed; 4xx but 429; an address the SSRF rule
 * refuses) fails at once, since sending it again cannot help. `attempt` counts from 1 since the delivery (or its last
 * manual redelivery) started; `random` is in [0, 1).
 */
export function outcomeOf(result: AttemptResult, attempt: number, schedule: RetrySchedule, random: () => number = Math.random): DeliveryOutcome {
  if (result.kind === 'response' && result.statusCode >= 200 && result.statusCode < 300) return { status: 'succeeded' };
  const retryable = result.kind === 'error' ? !result.forbidden : result.statusCode === 429 || result.statusCode >= 500;
  const reason = result.kind === 'error' ? (result.forbidden ? 'address forbidden' : result.timedOut ? 'timeout' : 'network error') : `HTTP ${result.statusCode}`;
  if (!retryable) return { status: 'failed', reason: `${reason}: not retried` };
  if (attempt >= schedule.maxAttempts) return { status: 'failed', reason: `${reason}: ${schedule.maxAttempts} attempts made` };
  return { status: 'pending', retryInMs: retryDelayMs(attempt, schedule, random) };
}

/** The delay before attempt `attempt + 1`: base × 2^(attempt-1), capped, half of it fixed and half random ("equal jitter"). */
export function retryDelayMs(attempt: number, schedule: Pick<RetrySchedule, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(schedule.maxDelayMs, schedule.baseDelayMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
