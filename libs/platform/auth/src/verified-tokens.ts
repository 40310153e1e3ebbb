import { type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** Access tokens a process remembers as verified, at most (the least recently used are forgotten first). */
export const VERIFIED_TOKENS_MAX = 10_000;

interface VerifiedToken {
  readonly kid: string;
  /** the key that verified the signature: the entry holds only while the kid still names this very key */
  readonly key: KeyObject;
  readonly payload: Readonly<Record<string, unknown>>;
  /** the first second (since the epoch) at which jsonwebtoken refuses the token as expired: exp + the clock tolerance */
  readonly expiredAt: number;
}

/**
 * Access tokens whose signature, `iss`, `aud` and `exp` this process verified (AccessTokenStrategy), by the token's
 * exact text: a client sends the same token with every request until it expires, and an RS256 check costs tens of
 * microseconds each time (the gateway keeps the same kind of cache, apps/gateway/src/jwt/jwt.plugin.ts). An entry
 * holds while its kid still names the key that verified it (a retired or replaced key ends it) and until the second
 * jsonwebtoken would call the token expired; the claims and the revocation are still checked on every request.
 */
export class VerifiedTokens {
  private readonly tokens = new LRUCache<string, VerifiedToken>({ max: VERIFIED_TOKENS_MAX });
  /** the key each request's token was verified with (secretOrKeyProvider), until its payload is remembered */
  private readonly keysUsed = new WeakMap<object, { kid: string; key: KeyObject }>();

  constructor(
    private readonly clockToleranceSeconds: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Notes the key the token of `request` is being verified with. */
  noteKey(request: object, kid: string, key: KeyObject): void {
    this.keysUsed.set(request, { kid, key });
  }

  /** Remembers the token of `request` as verified (call once its signature and registered claims passed). */
  remember(request: object, token: string, payload: Record<string, unknown>): void {
    const used = this.keysUsed.get(request);
    this.keysUsed.delete(request);
    if (used === undefined || typeof payload.exp !== 'number') return;
    this.tokens.set(token, { ...used, payload: Object.freeze({ ...payload }), expiredAt: payload.exp + this.clockToleranceSeconds });
  }

  /**
   * The payload of `token` if it was verified here, has not expired (as jsonwebtoken counts it: whole seconds, with
   * the tolerance) and its kid still names the same key (`currentKey`); undefined otherwise (verify it again).
   */
  payloadOf(token: string, currentKey: (kid: string) => KeyObject | undefined): Readonly<Record<string, unknown>> | undefined {
    const entry = this.tokens.get(token);
    if (entry === undefined) return undefined;
    if (Math.floor(this.nowMs() / 1000) >= entry.expiredAt || currentKey(entry.kid) !== entry.key) {
      this.tokens.delete(token);
      return undefined;
    }
    return entry.payload;
  }
}
