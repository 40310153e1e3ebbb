import { Inject, Injectable } from '@nestjs/common';
import { BaseServiceConfig, type ServiceName } from '@taskhub/platform-config';
import { DependencyUnavailableException, RateLimitedException } from '@taskhub/platform-errors';
import { type Redis, SHARED_REDIS_CLIENT, userRateLimitKeyPrefix } from '@taskhub/platform-redis';

const WINDOW_SECONDS = 60;
/** A window's counter outlives its minute by a second (clock skew between instances). */
export const USER_RATE_LIMIT_COUNTER_TTL_SECONDS = WINDOW_SECONDS + 1;

/** The counter of one user's current window. */
export interface RateLimitWindow {
  readonly key: string;
  /** seconds until the window resets */
  readonly resetSeconds: number;
}

export interface RateLimitState {
  readonly limit: number;
  readonly remaining: number;
  /** seconds until the window resets */
  readonly resetSeconds: number;
}

/**
 * Requests per user and minute on this service (USER_RATE_LIMIT_PER_MINUTE), counted in Redis by the token's
 * subject. Kong cannot do this: every token maps to its one consumer `taskhub-users`, so `limit_by: consumer` would
 * put all users in one bucket; the edge limits per IP and each service per user. Fixed UTC-minute windows, as
 * Kong's rate-limiting plugin counts.
 */
@Injectable()
export class UserRateLimiter {
  private readonly limit: number;
  private readonly service: ServiceName;

  constructor(config: BaseServiceConfig, @Inject(SHARED_REDIS_CLIENT) private readonly redis: Redis) {
    this.limit = config.userRateLimitPerMinute;
    this.service = config.service;
  }

  get enabled(): boolean {
    return this.limit > 0;
  }

  /** Counts one request; throws RateLimitedException (429) past the limit. */
  async consume(userId: string, nowMs = Date.now()): Promise<RateLimitState> {
    const window = this.windowOf(userId, nowMs);
    let count: number;
    try {
      const results = await this.redis.multi().incr(window.key).expire(window.key, USER_RATE_LIMIT_COUNTER_TTL_SECONDS).exec();
      count = Number(results?.[0]?.[1]);
    } catch {
      throw new DependencyUnavailableException('the rate limiter is unavailable, retry later');
    }
    return this.stateAfter(count, window);
  }

  /** The counter a request at `nowMs` counts on (for callers that send the increment with other commands). */
  windowOf(userId: string, nowMs = Date.now()): RateLimitWindow {
    const window = Math.floor(nowMs / 1000 / WINDOW_SECONDS);
    const resetSeconds = (window + 1) * WINDOW_SECONDS - Math.floor(nowMs / 1000);
    return { key: `${userRateLimitKeyPrefix(this.service)}user:${userId}:${window}`, resetSeconds };
  }

  /** The state once the window's counter reached `count`; throws RateLimitedException (429) past the limit. */
  stateAfter(count: number, window: RateLimitWindow): RateLimitState {
    if (count > this.limit) throw new RateLimitedException(`more than ${this.limit} requests a minute from this user`, window.resetSeconds);
    return { limit: this.limit, remaining: this.limit - count, resetSeconds: window.resetSeconds };
  }
}
