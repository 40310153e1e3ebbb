import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DependencyUnavailableException, RateLimitedException } from '@taskhub/platform-errors';
import { errorMessage } from '@taskhub/platform-health';
import { REDIS_CLIENT, type Redis } from '@taskhub/platform-redis';

export const TOO_MANY_ATTEMPTS = 'AUTH.TOO_MANY_ATTEMPTS';

export interface AttemptLimit {
  /** e.g. `login:account`, `login:ip` */
  readonly bucket: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

/** One counted attempt; `refund()` takes it back (a successful login does not count as a failure). */
export interface Attempt {
  refund(): Promise<void>;
}

/** An attempt counted without refusing it: past the limit, the caller decides what happens (`hit` answers 429). */
export interface CountedAttempt extends Attempt {
  readonly exceeded: boolean;
  /** the rest of the window */
  readonly retryAfterSeconds: number;
}

/**
 * Brute-force counters in Redis: fixed windows per bucket and subject (an account's e-mail, a client IP), counted
 * atomically BEFORE the attempt is evaluated, so concurrent guesses cannot slip past the limit. Past it: 429 with
 * Retry-After (the rest of the window). These are security controls, so they fail closed: Redis unavailable → 503,
 * nothing is attempted, and the log says why (a refused connection, ioredis's command timeout). Subjects are stored as
 * SHA-256, never as e-mail addresses.
 */
@Injectable()
export class AttemptLimiter {
  private readonly logger = new Logger(AttemptLimiter.name);

  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  /** Counts the attempt; past the limit, 429 with Retry-After. */
  async hit(limit: AttemptLimit, subject: string, message: string): Promise<Attempt> {
    const attempt = await this.count(limit, subject);
    if (attempt.exceeded) throw new RateLimitedException(message, attempt.retryAfterSeconds, TOO_MANY_ATTEMPTS);
    return attempt;
  }

  /** Counts the attempt and tells whether it is past the limit, refusing nothing (Redis unavailable: still 503). */
  async count(limit: AttemptLimit, subject: string): Promise<CountedAttempt> {
    const key = `bf:${limit.bucket}:${createHash('sha256').update(subject).digest('hex').slice(0, 32)}`;
    let count: number;
    let ttl: number;
    try {
      const results = await this.redis.multi().incr(key).expire(key, limit.windowSeconds, 'NX').ttl(key).exec();
      count = Number(results?.[0]?.[1]);
      ttl = Number(results?.[2]?.[1]);
    } catch (error) {
      this.logger.warn(`the ${limit.bucket} counter failed, answered 503: ${errorMessage(error)}`);
      throw new DependencyUnavailableException('the brute-force counters are unavailable (Redis), retry later');
    }
    if (!Number.isFinite(count)) {
      this.logger.warn(`the ${limit.bucket} counter answered ${String(count)}, answered 503`);
      throw new DependencyUnavailableException('the brute-force counters are unavailable (Redis), retry later');
    }
    return {
      exceeded: count > limit.limit,
      retryAfterSeconds: Math.max(1, ttl),
      refund: async () => {
        await this.redis.decr(key).catch(() => undefined);
      },
    };
  }
}
