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

/** Clock skew tolerated on exp/iat between the auth service and this one. */
const CLOCK_TOLERANCE_SECONDS = 5;

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
 * and `exp` checked; every claim present and well-formed; its session not revoked.
 */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: BaseServiceConfig,
    keys: PublicKeyStore,
    private readonly revocations: SessionRevocations,
  ) {
    super({
      // passport-jwt's own bearer extractor backtracks quadratically on a long header (authorization-header.ts)
      jwtFromRequest: (request: { headers: { authorization?: string } }) => bearerTokenOf(request.headers.authorization) ?? null,
      algorithms: ['RS256'],
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: CLOCK_TOLERANCE_SECONDS },
      secretOrKeyProvider: (_request: unknown, rawJwt: unknown, done: (error: unknown, key?: string | Buffer) => void) => {
        const kid = keyIdOfToken(rawJwt);
        const key: KeyObject | undefined = kid === undefined ? undefined : keys.get(kid);
        if (key === undefined) {
          done(new UnauthenticatedException(AuthErrorCodes.TOKEN_INVALID, 'the access token is signed with an unknown key'));
          return;
        }
        // jsonwebtoken 9 takes a KeyObject as it is (no PEM parsing per request); its types only name string | Buffer
        done(null, key as unknown as Buffer);
      },
    });
  }

  async validate(payload: Record<string, unknown>): Promise<AuthenticatedUser> {
    const problems = claimProblems(payload);
    if (problems.length > 0) throw new UnauthenticatedException(AuthErrorCodes.TOKEN_INVALID, `the access token lacks valid claims: ${problems.join(', ')}`);
    const claims = payload as unknown as AccessTokenClaims;
    if (await this.revocations.isRevoked(claims.sid, claims.jti)) throw new UnauthenticatedException(AuthErrorCodes.SESSION_ENDED, 'the session of this access token has ended');
    return toAuthenticatedUser(claims);
  }
}
