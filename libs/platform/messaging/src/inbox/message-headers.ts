/** Headers TaskHub sets on retried and parked messages. */
export const HEADER_ATTEMPT = 'x-attempt';
export const HEADER_LAST_ERROR = 'x-last-error';
export const HEADER_DEAD_REASON = 'x-dead-reason';
export const HEADER_DEAD_AT = 'x-dead-at';
export const HEADER_ORIGINAL_ROUTING_KEY = 'x-original-routing-key';

/** The delivery attempt a message is on: 1 for the first delivery, n + 1 after n failures. */
export function attemptOf(headers: Record<string, unknown> | undefined): number {
  const value = Number(headers?.[HEADER_ATTEMPT] ?? 1);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/** An error message short enough for a header. */
export function errorSummary(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
