import { randomUUID, sign } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AccessTokenClaims, type Role, type Scope } from '@taskhub/platform-auth';
import { AuthServiceConfig } from '../config/auth.config';
import { SigningKeys } from './signing-keys';

export interface IssuedAccessToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs access tokens: JWT, RS256, `kid` header, the claims of AccessTokenClaims. */
@Injectable()
export class AccessTokenSigner {
  constructor(
    private readonly config: AuthServiceConfig,
    private readonly keys: SigningKeys,
  ) {}

  /** `emailVerified` is the account's state when the token is issued (a refresh picks up a change); `scopes` only for an API key's token (the `scope` claim); a login session's token has none. */
  issue(subject: { accountId: string; roles: readonly Role[]; emailVerified: boolean; sessionId: string; scopes?: readonly Scope[] }, ttlSeconds: number, now = Date.now()): IssuedAccessToken {
    const { kid, privateKey } = this.keys.current();
    const iat = Math.floor(now / 1000);
    const claims: AccessTokenClaims = {
      iss: this.config.jwtIssuer,
      aud: this.config.jwtAudience,
      sub: subject.accountId,
      iat,
      exp: iat + ttlSeconds,
      jti: randomUUID(),
      roles: subject.roles,
      email_verified: subject.emailVerified,
      sid: subject.sessionId,
      ...(subject.scopes === undefined ? {} : { scope: subject.scopes.join(' ') }),
    };
    const signingInput = `${b64url({ alg: 'RS256', typ: 'JWT', kid })}.${b64url(claims)}`;
    const signature = sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url');
    return { accessToken: `${signingInput}.${signature}`, expiresIn: ttlSeconds };
  }
}
