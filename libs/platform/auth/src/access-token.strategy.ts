import { type KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { BaseServiceConfig } from '@taskhub/platform-config';
import { Strategy } from 'passport-jwt';
import { type AccessTokenClaims, type AuthenticatedUser, claimProblems, toAuthenticatedUser } from './access-token-claims';
import { AuthErrorCodes, UnauthenticatedException } from './auth.exceptions';
import { bearerTokenOf } from './authorization-header';
import { PublicKeyStore } from './public-key-store';
import { SessionRevocations } from './session-revocations';
import { VerifiedTokens } from './verified-tokens';

/** Clock skew tolerated on exp/iat between the auth service and this one. */
export const CLOCK_TOLERANCE_SECONDS = 5;

interface RequestWithAuthorization {
  readonly headers: { authorization?: string };
}

/** The `kid` of a compact JWS, read without trusting anything else in it. */
export function keyIdOfToken(rawJwt: unknown): string | undefined {
  if (typeof rawJwt !== 'string') return undefined;
  try {
    const header = JSON.parse(Buffer.from(rawJwt.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How every service verifies an access token (passport-jwt): bearer token only; RS256 only (so neither `alg: none`
 * nor an HS256 token "signed" with the public key passes); the key by `kid` from the local key folder; `iss`, `aud`
 * and `exp` checked; every claim present and well-formed; its session not revoked. A token it verified before is
 * remembered (VerifiedTokens) so the next request with it skips the signature check (`rememberedUser`, used by
 * AccessTokenGuard, which then checks the session with RequestAdmission); its claims and its session are checked on
 * every request either way.
 */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: BaseServiceConfig,
    private readonly keys: PublicKeyStore,
    private readonly revocations: SessionRevocations,
    private readonly verified: VerifiedTokens,
  ) {
    super({
      // passport-jwt's own bearer extractor backtracks quadratically on a long header (authorization-header.ts)
      jwtFromRequest: (request: RequestWithAuthorization) => bearerTokenOf(request.headers.authorization) ?? null,
      passReqToCallback: true,
      algorithms: ['RS256'],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: CLOCK_TOLERANCE_SECONDS },
      secretOrKeyProvider: (request: object, rawJwt: unknown, done: (error: unknown, key?: string | Buffer) => void) => {
        const kid = keyIdOfToken(rawJwt);
        const key: KeyObject | undefined = kid === undefined ? undefined : keys.get(kid);
        if (kid === undefined || key === undefined) {
          done(new UnauthenticatedException(AuthErrorCodes.TOKEN_INVALID, 'the access token is signed with an unknown key'));
          return;
        }
        verified.noteKey(request, kid, key);
        // jsonwebtoken 9 takes a KeyObject as it is (no PEM parsing per request); its types only name string | Buffer
        done(null, key as unknown as Buffer);
      },
    });
  }

  /** After passport-jwt verified the signature, `iss`, `aud` and `exp`: the claims and the session, then remembered. */
  async validate(request: RequestWithAuthorization, payload: Record<string, unknown>): Promise<AuthenticatedUser> {
    const user = await this.authorize(payload);
    const token = bearerTokenOf(request.headers.authorization);
    if (token !== undefined) this.verified.remember(request, token, payload);
    return user;
  }

  /**
   * The user of the request's token if this process verified it before and it still holds (same key, not expired),
   * its claims checked as `validate` checks them (throws the same exception); undefined if it must be verified. Its
   * session is NOT checked here: the caller checks it before admitting the request (RequestAdmission, one round trip
   * with the rate limit).
   */
  rememberedUser(request: RequestWithAuthorization): AuthenticatedUser | undefined {
    const token = bearerTokenOf(request.headers.authorization);
    const payload = token === undefined ? undefined : this.verified.payloadOf(token, (kid) => this.keys.get(kid));
    return payload === undefined ? undefined : userOfClaims(payload);
  }

  private async authorize(payload: Readonly<Record<string, unknown>>): Promise<AuthenticatedUser> {
    const user = userOfClaims(payload);
    if (await this.revocations.isRevoked(user.sessionId, user.tokenId)) throw new UnauthenticatedException(AuthErrorCodes.SESSION_ENDED, 'the session of this access token has ended');
    return user;
  }
}

/** The caller a verified payload names, once every claim is present and well-formed (401 otherwise). */
function userOfClaims(payload: Readonly<Record<string, unknown>>): AuthenticatedUser {
  const problems = claimProblems(payload);
  if (problems.length > 0) throw new UnauthenticatedException(AuthErrorCodes.TOKEN_INVALID, `the access token lacks valid claims: ${problems.join(', ')}`);
  return toAuthenticatedUser(payload as unknown as AccessTokenClaims);
}
