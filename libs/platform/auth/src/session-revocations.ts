import { Inject, Injectable } from '@nestjs/common';
import { DependencyUnavailableException } from '@taskhub/platform-errors';
import { type Redis, SHARED_REDIS_CLIENT } from '@taskhub/platform-redis';

/** How long a revocation is kept: at least the longest access-token lifetime, plus clock skew. */
export const REVOCATION_TTL_SECONDS = 15 * 60 + 60;

const key = (sessionId: string): string => `revoked:sid:${sessionId}`;

/**
 * Ended sessions, shared by every service through Redis (REDIS_SHARED_KEY_PREFIX): the auth service writes one key
 * per ended session (logout, refresh-token reuse, password change, disabled account, revoked API key); every
 * service checks the `sid` of each access token against it, so a token stops working at once instead of when it
 * expires. A key lives as long as the longest access token could. Redis unavailable: the check fails closed (503).
 */
@Injectable()
export class SessionRevocations {
  constructor(@Inject(SHARED_REDIS_CLIENT) private readonly redis: Redis) {}

  async revoke(sessionIds: readonly string[], ttlSeconds = REVOCATION_TTL_SECONDS): Promise<void> {
    if (sessionIds.length === 0) return;
    const pipeline = this.redis.multi();
    for (const sid of sessionIds) pipeline.set(key(sid), '1', 'EX', ttlSeconds);
    await this.run(() => pipeline.exec());
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await this.run(() => this.redis.exists(key(sessionId)))) === 1;
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch {
      throw new DependencyUnavailableException('the session store is unavailable, retry later');
    }
  }
}
