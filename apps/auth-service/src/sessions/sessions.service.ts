import { Injectable, Logger } from '@nestjs/common';
import { type AuthenticatedUser, SessionRevocations } from '@taskhub/platform-auth';
import { DomainException } from '@taskhub/platform-errors';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { type Account, normalizeEmail } from '../accounts/account';
import { AccountRepository } from '../accounts/account.repository';
import { AuthServiceErrors, InvalidCredentialsException } from '../auth.errors';
import { AuthServiceConfig } from '../config/auth.config';
import { AccessTokenSigner } from '../keys/access-token-signer';
import { PasswordHasher } from '../passwords/password-hasher';
import { AttemptLimiter } from '../security/attempt-limiter';
import { hashToken, isOpaqueToken, newOpaqueToken } from '../security/opaque-token';
import { AccountCredentials } from './account-credentials';
import { DeviceCookies } from './device-cookies';
import { LoginAttempts } from './login-attempts';
import { SessionRepository } from './session.repository';
import { REFRESH_TOKEN_PREFIX, type TokenPair } from './token-pair';

/** A successful login: the token pair, and the device cookie to set. */
export interface LoggedIn {
  readonly tokens: TokenPair;
  /** a Set-Cookie header */
  readonly deviceCookie: string;
}

/** The one answer to a refresh token that is unknown, malformed, expired or of an ended session. */
export const invalidRefreshToken = (): DomainException =>
  new DomainException(AuthServiceErrors.REFRESH_TOKEN_INVALID, 'the refresh token is invalid, expired or revoked', 401);

/**
 * Login sessions. A login starts a session (a refresh-token family) and answers an access token and an opaque
 * refresh token; each refresh spends the refresh token and issues the next. Presenting a spent token is taken as
 * theft (RFC 9700 §4.14.2): the whole family is revoked, so the legitimate holder's next refresh fails too. Two
 * concurrent refreshes of one token are serialised by a row lock: the first wins, the second is a reuse and ends the
 * session (clients must not refresh in parallel; docs/auth.md).
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly config: AuthServiceConfig,
    private readonly dataSource: DataSource,
    private readonly accounts: AccountRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly signer: AccessTokenSigner,
    private readonly limiter: AttemptLimiter,
    private readonly revocations: SessionRevocations,
    private readonly credentials: AccountCredentials,
    private readonly attempts: LoginAttempts,
    private readonly devices: DeviceCookies,
  ) {}

  /** A new session, and a new device cookie (Set-Cookie) for the device that logged in. */
  async login(emailInput: string, password: string, ip: string, cookieHeader: string | undefined): Promise<LoggedIn> {
    const email = normalizeEmail(emailInput);
    await this.limiter.hit(
      { bucket: 'login:ip', limit: this.config.loginMaxAttemptsPerIpPerMinute, windowSeconds: 60 },
      ip,
      'too many login attempts from this address, retry later',
    );
    const found = await this.accounts.credentialsByEmail(this.dataSource.manager, email);
    // counted before the password is checked (so parallel guesses cannot overshoot), refunded on success
    const attempt = await this.attempts.count(email, found?.account.id, cookieHeader);
    const valid = await this.hasher.verify(found?.passwordHash, password);
    if (!found || !valid || found.account.status !== 'active') throw new InvalidCredentialsException();
    await attempt.refund();
    if (this.hasher.needsRehash(found.passwordHash)) {
      await this.accounts.setPasswordHash(this.dataSource.manager, found.account.id, await this.hasher.hash(password));
    }
    const sessionId = uuidv7();
    const pair = this.pair(found.account, sessionId, newOpaqueToken(REFRESH_TOKEN_PREFIX)); // no key: 503 before any write
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.create(manager, { id: sessionId, accountId: found.account.id, expiresAt: new Date(Date.now() + this.config.sessionTtlSeconds * 1000) });
      await this.sessions.addRefreshToken(manager, sessionId, hashToken(pair.refreshToken));
    });
    return { tokens: pair, deviceCookie: this.devices.issue(found.account.id) };
  }

  async refresh(presented: string, ip: string): Promise<TokenPair> {
    await this.limiter.hit(
      { bucket: 'refresh:ip', limit: this.config.refreshMaxAttemptsPerIpPerMinute, windowSeconds: 60 },
      ip,
      'too many refresh attempts from this address, retry later',
    );
    if (!isOpaqueToken(presented, REFRESH_TOKEN_PREFIX)) throw invalidRefreshToken();
    const next = newOpaqueToken(REFRESH_TOKEN_PREFIX);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const token = await this.sessions.lockByHash(manager, hashToken(presented));
      if (!token || token.sessionRevokedAt !== null || token.sessionExpiresAt.getTime() <= Date.now()) return { kind: 'invalid' as const };
      // past the limit: 429 and a rollback, so the presented token stays live
      await this.limiter.hit(
        { bucket: 'refresh:account', limit: this.config.refreshMaxPerAccountPerMinute, windowSeconds: 60 },
        token.accountId,
        'too many refreshes for this account, retry later',
      );
      if (token.status !== 'active') {
        await this.credentials.endSessions(manager, { sessionId: token.sessionId }, 'refresh_token_reuse');
        return { kind: 'reused' as const, sessionId: token.sessionId };
      }
      const account = await this.accounts.byId(manager, token.accountId);
      if (!account || account.status !== 'active') return { kind: 'invalid' as const };
      const pair = this.pair(account, token.sessionId, next); // no key: 503, and the old token stays live
      await this.sessions.spend(manager, token.tokenId, token.sessionId);
      await this.sessions.addRefreshToken(manager, token.sessionId, hashToken(next));
      return { kind: 'rotated' as const, pair };
    });
    if (outcome.kind === 'invalid') throw invalidRefreshToken();
    if (outcome.kind === 'reused') {
      this.logger.warn(`refresh token reuse: session ${outcome.sessionId} revoked (RFC 9700 4.14.2)`);
      throw new DomainException(AuthServiceErrors.REFRESH_TOKEN_REUSED, 'the refresh token was already used: the session has been ended', 401);
    }
    return outcome.pair;
  }

  /**
   * Ends the caller's session: its refresh family is revoked and its access tokens stop working at once. A token
   * exchanged for an API key has no session of its own: only that token ends (revoking the key ends them all).
   */
  async logout(user: AuthenticatedUser): Promise<void> {
    const ended = await this.dataSource.transaction((manager) => this.credentials.endSessions(manager, { sessionId: user.sessionId }, 'logout'));
    if (!ended.includes(user.sessionId)) await this.revocations.revokeTokens([user.tokenId]);
  }

  /** Ends every login session of the caller and revokes every API key of the account: their tokens end at once. */
  async logoutAll(user: AuthenticatedUser): Promise<void> {
    const { sessionIds, apiKeyIds } = await this.dataSource.transaction((manager) => this.credentials.endAll(manager, user.id, 'logout_all'));
    if (![...sessionIds, ...apiKeyIds].includes(user.sessionId)) await this.revocations.revokeTokens([user.tokenId]);
  }

  private pair(account: Pick<Account, 'id' | 'roles' | 'emailVerifiedAt'>, sessionId: string, refreshToken: string): TokenPair {
    const subject = { accountId: account.id, roles: account.roles, emailVerified: account.emailVerifiedAt !== null, sessionId };
    const { accessToken, expiresIn } = this.signer.issue(subject, this.config.accessTokenTtlSeconds);
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn };
  }
}
