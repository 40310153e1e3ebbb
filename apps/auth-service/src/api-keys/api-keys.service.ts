import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser, SessionRevocations } from '@taskhub/platform-auth';
import { DomainException } from '@taskhub/platform-errors';
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

export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
}

const view = (k: ApiKey): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  createdAt: k.createdAt.toISOString(),
  expiresAt: k.expiresAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
});

/**
 * API keys for scripts and integrations. A key is shown once, stored as its SHA-256, and exchanged (POST
 * /auth/token) for a short-lived access token whose `sid` is the key's id: the edge and the services only ever see
 * JWTs, and revoking the key stops new exchanges and ends its tokens at once.
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

  async create(user: AuthenticatedUser, name: string, expiresAt: Date | undefined): Promise<ApiKeyView & { key: string }> {
    if (expiresAt !== undefined && expiresAt.getTime() <= Date.now()) {
      throw new DomainException('REQUEST.VALIDATION_FAILED', 'expiresAt must be in the future', 400, [{ field: 'expiresAt', constraints: { future: 'expiresAt must be in the future' } }]);
    }
    const key = newOpaqueToken(API_KEY_PREFIX);
    const created = await this.keys.insert(this.dataSource.manager, {
      id: uuidv7(),
      accountId: user.id,
      name: name.trim(),
      prefix: key.slice(0, SHOWN_LENGTH),
      keyHash: hashToken(key),
      expiresAt: expiresAt ?? null,
    });
    return { ...view(created), key };
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

  async exchange(apiKey: string, ip: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
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
    const { accessToken, expiresIn } = this.signer.issue({ accountId: account.id, roles: account.roles, sessionId: used.id }, this.config.apiKeyTokenTtlSeconds);
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }
}
