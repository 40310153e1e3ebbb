import { Inject, Injectable } from '@nestjs/common';
import { DependencyUnavailableException } from '@taskhub/platform-errors';
import { type Redis, SHARED_REDIS_CLIENT } from '@taskhub/platform-redis';
import { type AuthenticatedUser } from './access-token-claims';
import { AuthErrorCodes, UnauthenticatedException } from './auth.exceptions';
import { revocationKeys, SESSION_STORE_UNAVAILABLE } from './session-revocations';
import { type RateLimitState, USER_RATE_LIMIT_COUNTER_TTL_SECONDS, UserRateLimiter } from './user-rate-limiter';

/**
 * The Redis work of a request whose token this process verified before, in one round trip (one pipeline of plain
 * commands): the revocation check (EXISTS of the session's and the token's keys, read-only as the ACL wants) and,
 * with the per-user limit on, the count (`SET <counter> 0 EX 61 NX`, then INCR: the counter gets its expiry when it is
 * made, so no connection lost between two commands leaves it without one). The outcome is the one of the two checks
 * made one after the other: a revoked token is refused (401 AUTH.SESSION_ENDED) and not counted (its increment is
 * taken back), then a request past the limit gets 429; Redis unavailable: 503, fail closed.
 */
@Injectable()
export class RequestAdmission {
  constructor(
    @Inject(SHARED_REDIS_CLIENT) private readonly redis: Redis,
    private readonly rateLimiter: UserRateLimiter,
  ) {}

  /** Admits the request of `user` (revocation, then the rate limit); the rate-limit state when the limit is on. */
  async admit(user: AuthenticatedUser, nowMs = Date.now()): Promise<RateLimitState | undefined> {
    const pipeline = this.redis.pipeline().exists(...revocationKeys(user.sessionId, user.tokenId));
    const window = this.rateLimiter.enabled ? this.rateLimiter.windowOf(user.id, nowMs) : undefined;
    if (window !== undefined) pipeline.set(window.key, '0', 'EX', USER_RATE_LIMIT_COUNTER_TTL_SECONDS, 'NX').incr(window.key);
    let results: [error: Error | null, result: unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch {
      throw new DependencyUnavailableException(SESSION_STORE_UNAVAILABLE);
    }
    if (results === null || results.some(([error]) => error !== null)) throw new DependencyUnavailableException(SESSION_STORE_UNAVAILABLE);
    if (Number(results[0][1]) > 0) {
      if (window !== undefined) await this.redis.decr(window.key).catch(() => undefined); // not counted, as before
      throw new UnauthenticatedException(AuthErrorCodes.SESSION_ENDED, 'the session of this access token has ended');
    }
    return window === undefined ? undefined : this.rateLimiter.stateAfter(Number(results[2][1]), window);
  }
}
