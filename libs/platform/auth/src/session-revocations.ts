import { Inject, Injectable } from '@nestjs/common';
import { DependencyUnavailableException } from '@taskhub/platform-errors';
import { type Redis, SHARED_REDIS_CLIENT } from '@taskhub/platform-redis';

/** How long a revocation is kept: at least the longest access-token lifetime, plus clock skew. */
export const REVOCATION_TTL_SECONDS = 15 * 60 + 60;

const sidKey = (sessionId: string): string => `revoked:sid:${sessionId}`;
const jtiKey = (tokenId: string): string => `revoked:jti:${tokenId}`;

/** The two keys whose existence ends a token: its session's and its own (one EXISTS reads both). */
export function revocationKeys(sessionId: string, tokenId: string): [string, string] {
  return [sidKey(sessionId), jtiKey(tokenId)];
}

/** What a client is told when Redis cannot say whether a session has ended (fail closed: 503). */
export const SESSION_STORE_UNAVAILABLE = 'the session store is unavailable, retry later';

/**
 * Ended sessions, shared by every service through Redis (REDIS_SHARED_KEY_PREFIX): the auth service writes one key
 * per ended session (logout, refresh-token reuse, password change, disabled account, revoked API key), or per token
 * (`jti`) where a token has no session of its own; every service checks the `sid` and `jti` of each access token, so a token stops working at once instead of when it
 * expires. A key lives as long as the longest access token could. Redis unavailable: the check fails closed (503).
 */
@Injectable()
export class SessionRevocations {
  constructor(@Inject(SHARED_REDIS_CLIENT) private readonly redis: Redis) {}

  /** Ends every access token issued for these sessions (or API keys). */
  async revoke(sessionIds: readonly string[], ttlSeconds = REVOCATION_TTL_SECONDS): Promise<void> {
    await this.write(sessionIds.map(sidKey), ttlSeconds);
  }

  /** Ends single access tokens by `jti` (logging out with a token that has no session of its own: an API-key token). */
  async revokeTokens(tokenIds: readonly string[], ttlSeconds = REVOCATION_TTL_SECONDS): Promise<void> {
    await this.write(tokenIds.map(jtiKey), ttlSeconds);
  }

  /** One round trip for both lists. */
  async isRevoked(sessionId: string, tokenId: string): Promise<boolean> {
    return (await this.run(() => this.redis.exists(...revocationKeys(sessionId, tokenId)))) > 0;
  }

  private async write(keys: readonly string[], ttlSeconds: number): Promise<void> {
    if (keys.length === 0) return;
    const pipeline = this.redis.multi();
    for (const k of keys) pipeline.set(k, '1', 'EX', ttlSeconds);
    await this.run(() => pipeline.exec());
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch {
      throw new DependencyUnavailableException(SESSION_STORE_UNAVAILABLE);
    }
  }
}
