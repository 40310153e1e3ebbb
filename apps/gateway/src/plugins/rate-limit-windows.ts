import { type RateLimitPeriod } from '../config/gateway-config';

/** Seconds each counter lives (Kong's EXPIRATION table; month and year are fixed lengths there too). */
export const PERIOD_SECONDS: Readonly<Record<RateLimitPeriod, number>> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86400,
  month: 2592000,
  year: 31536000,
};

/** Start (ms) of the current fixed window of a period, in UTC, like Kong's timestamp.get_timestamps. */
export function windowStart(period: RateLimitPeriod, nowMs: number): number {
  const d = new Date(nowMs);
  switch (period) {
    case 'second':
      return Math.floor(nowMs / 1000) * 1000;
    case 'minute':
      return Math.floor(nowMs / 60000) * 60000;
    case 'hour':
      return Math.floor(nowMs / 3600000) * 3600000;
    case 'day':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'year':
      return Date.UTC(d.getUTCFullYear(), 0, 1);
  }
}

export interface PeriodUsage {
  readonly period: RateLimitPeriod;
  readonly limit: number;
  /** requests already counted in the current window, before this one */
  readonly used: number;
}

export interface RateLimitDecision {
  /** the period whose limit is exhausted, if any (the request is refused) */
  readonly stop: RateLimitPeriod | undefined;
  /** response headers in Kong's names, as a flat [name, value, ...] list */
  readonly headers: string[];
  /** seconds until the window that decides RateLimit-Reset ends (also Retry-After on refusal) */
  readonly reset: number;
}

const HEADER_PERIOD: Readonly<Record<RateLimitPeriod, string>> = {
  second: 'Second',
  minute: 'Minute',
  hour: 'Hour',
  day: 'Day',
  month: 'Month',
  year: 'Year',
};

/**
 * Kong's header math (kong/plugins/rate-limiting/handler.lua): remaining = limit - used - 1 (the current request,
 * unless another period already stops it), floored at 0; RateLimit-* describe the most constrained period (lowest
 * remaining, ties to the longest window); reset = max(1, window - seconds elapsed in it).
 */
export function decide(usages: readonly PeriodUsage[], nowMs: number, hideClientHeaders: boolean): RateLimitDecision {
  let stop: RateLimitPeriod | undefined;
  for (const u of usages) if (u.limit - u.used <= 0) stop = u.period;
  const headers: string[] = [];
  let limit = 0;
  let window = 0;
  let remaining = 0;
  let reset = 0;
  let first = true;
  for (const u of usages) {
    let current = u.limit - u.used;
    if (stop === undefined || stop === u.period) current -= 1;
    current = Math.max(0, current);
    const currentWindow = PERIOD_SECONDS[u.period];
    if (first || current < remaining || (current === remaining && currentWindow > window)) {
      first = false;
      limit = u.limit;
      window = currentWindow;
      remaining = current;
      reset = Math.max(1, window - Math.floor((nowMs - windowStart(u.period, nowMs)) / 1000));
    }
    if (!hideClientHeaders) {
      headers.push(`X-RateLimit-Limit-${HEADER_PERIOD[u.period]}`, String(u.limit), `X-RateLimit-Remaining-${HEADER_PERIOD[u.period]}`, String(current));
    }
  }
  if (!hideClientHeaders) headers.push('RateLimit-Limit', String(limit), 'RateLimit-Remaining', String(remaining), 'RateLimit-Reset', String(reset));
  return { stop, headers, reset };
}
