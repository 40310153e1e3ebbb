import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser, EmailNotVerifiedException, ROLES_NEVER_DELEGATED_TO_KEYS, type Scope, SessionRevocations } from '@taskhub/platform-auth';
import { DomainException, RequestValidationException } from '@taskhub/platform-errors';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AccountRepository } from '../accounts/account.repository';
import { AuthServiceErrors } from '../auth.errors';
import { AuthServiceConfig } from '../config/auth.config';
import { AccessTokenSigner } from '../keys/access-token-signer';
import { AttemptLimiter } from '../security/attempt-limiter';
import { hashToken, isOpaqueToken, newOpaqueToken } from '../security/opaque-token';
import { type ApiKey, ApiKeyRepository } from './api-key.repository';

export const API_KEY_PREFIX = 'thk';
/** characters of the key kept in clear for lists: the prefix and 6 random characters */
const SHOWN_LENGTH = API_KEY_PREFIX.length + 1 + 6;
/** what a key may do when its creator does not say: least privilege */
const DEFAULT_SCOPES: readonly Scope[] = ['read'];
const DAY_MS = 24 * 3600 * 1000;

export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly Scope[];
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly lastUsedAt: string | null;
}

const view = (k: ApiKey): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  createdAt: k.createdAt.toISOString(),
  expiresAt: k.expiresAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
});

const invalidExpiry = (rule: 'future' | 'maxLifetime', message: string): RequestValidationException =>
  new RequestValidationException([{ field: 'expiresAt', constraints: { [rule]: message } }]);

/**
 * API keys for scripts and integrations. A key is shown once, stored as its SHA-256, and exchanged (POST
 * /auth/token) for a short-lived access token whose `sid` is the key's id: the edge and the services only ever see
 * JWTs, and revoking the key stops new exchanges and ends its tokens at once. A key has scopes (`read`, `write`),
 * which its tokens carry and every service enforces, never the admin role; it always expires; and it is revoked
 * with every other credential of its account (AccountCredentials). Keys are managed with a login session's token
 * only (`@LoginSessionOnly()` on the routes).
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly config: AuthServiceConfig,
    private readonly dataSource: DataSource,
    private readonly keys: ApiKeyRepository,
    private readonly accounts: AccountRepository,
    private readonly signer: AccessTokenSigner,
    private readonly limiter: AttemptLimiter,
    private readonly revocations: SessionRevocations,
  ) {}

  /** Only for an account whose e-mail address is verified (403 AUTH.EMAIL_NOT_VERIFIED before): keys outlive sessions. */
  async create(user: AuthenticatedUser, input: { name: string; scopes?: readonly Scope[]; expiresAt?: Date }): Promise<ApiKeyView & { key: string }> {
    const account = await this.accounts.byId(this.dataSource.manager, user.id);
    if (!account) throw new DomainException(AuthServiceErrors.ACCOUNT_NOT_FOUND, `account ${user.id} not found`, 404);
    if (account.emailVerifiedAt === null) throw new EmailNotVerifiedException('creating an API key');
    const key = newOpaqueToken(API_KEY_PREFIX);
    const created = await this.keys.insert(this.dataSource.manager, {
      id: uuidv7(),
      accountId: user.id,
      name: input.name.trim(),
      prefix: key.slice(0, SHOWN_LENGTH),
      keyHash: hashToken(key),
      scopes: [...(input.scopes ?? DEFAULT_SCOPES)].sort(),
      expiresAt: this.expiryOf(input.expiresAt),
    });
    return { ...view(created), key };
  }

  /** The expiry asked for, in the future and no later than the maximum lifetime; or the default lifetime from now. */
  private expiryOf(asked: Date | undefined, now = Date.now()): Date {
    if (asked === undefined) return new Date(now + this.config.apiKeyDefaultLifetimeDays * DAY_MS);
    if (asked.getTime() <= now) throw invalidExpiry('future', 'expiresAt must be in the future');
    const maxDays = this.config.apiKeyMaxLifetimeDays;
    if (asked.getTime() > now + maxDays * DAY_MS) throw invalidExpiry('maxLifetime', `expiresAt must be at most ${maxDays} days from now`);
    return asked;
  }

  async list(user: AuthenticatedUser): Promise<{ items: ApiKeyView[]; nextCursor: null }> {
    return { items: (await this.keys.listOf(this.dataSource.manager, user.id)).map(view), nextCursor: null };
  }

  async revoke(user: AuthenticatedUser, id: string): Promise<void> {
    const revoked = await this.dataSource.transaction(async (manager) => {
      const done = await this.keys.revoke(manager, user.id, id);
      if (done) await this.revocations.revoke([id]);
      return done;
    });
    if (!revoked) throw new DomainException(AuthServiceErrors.API_KEY_NOT_FOUND, `API key ${id} not found`, 404);
  }

  /**
   * A short-lived access token for a live key: its scopes in `scope`, its account's roles but those never delegated
   * to keys (admin). The key's last use is recorded, at most once a minute.
   */
  async exchange(apiKey: string, ip: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number; scope: string }> {
    await this.limiter.hit(
      { bucket: 'token:ip', limit: this.config.tokenExchangeMaxPerIpPerMinute, windowSeconds: 60 },
      ip,
      'too many token exchanges from this address, retry later',
    );
    const invalid = new DomainException(AuthServiceErrors.API_KEY_INVALID, 'the API key is invalid, expired or revoked', 401);
    if (!isOpaqueToken(apiKey, API_KEY_PREFIX)) throw invalid;
    const used = await this.keys.use(this.dataSource.manager, hashToken(apiKey));
    const account = used ? await this.accounts.byId(this.dataSource.manager, used.accountId) : undefined;
    if (!used || !account || account.status !== 'active') throw invalid;
    const roles = account.roles.filter((role) => !ROLES_NEVER_DELEGATED_TO_KEYS.includes(role));
    const { accessToken, expiresIn } = this.signer.issue({ accountId: account.id, roles, emailVerified: account.emailVerifiedAt !== null, sessionId: used.id, scopes: used.scopes }, this.config.apiKeyTokenTtlSeconds);
    return { accessToken, tokenType: 'Bearer', expiresIn, scope: used.scopes.join(' ') };
  }
}
