import { Injectable } from '@nestjs/common';
import { type Scope } from '@taskhub/platform-auth';
import { type EntityManager, IsNull } from 'typeorm';
import { type AccountWideRevokeReason } from '../security/revoke-reason';
import { ApiKeyEntity } from './api-key.entity';

/** A key's last use is written at most this often: exchanging it every second must not rewrite its row every second. */
export const LAST_USE_RESOLUTION_SECONDS = 60;

/** An API key as listed: never its hash. */
export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly Scope[];
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly lastUsedAt: Date | null;
}

/** A live key found by its hash: what its token is issued for. */
export interface UsableApiKey {
  readonly id: string;
  readonly accountId: string;
  readonly scopes: readonly Scope[];
}

function toApiKey(e: ApiKeyEntity): ApiKey {
  return { id: e.id, name: e.name, prefix: e.prefix, scopes: e.scopes, createdAt: e.createdAt, expiresAt: e.expiresAt, lastUsedAt: e.lastUsedAt };
}

@Injectable()
export class ApiKeyRepository {
  async insert(
    manager: EntityManager,
    key: { id: string; accountId: string; name: string; prefix: string; keyHash: Buffer; scopes: readonly Scope[]; expiresAt: Date },
  ): Promise<ApiKey> {
    const entity = manager.create(ApiKeyEntity, { ...key, scopes: [...key.scopes], lastUsedAt: null, revokedAt: null, revokeReason: null });
    return toApiKey(await manager.save(entity));
  }

  /** The account's keys that are not revoked, newest first. */
  async listOf(manager: EntityManager, accountId: string): Promise<ApiKey[]> {
    return (await manager.find(ApiKeyEntity, { where: { accountId, revokedAt: IsNull() }, order: { id: 'DESC' } })).map(toApiKey);
  }

  /** True if the account had this key and it was live. */
  async revoke(manager: EntityManager, accountId: string, id: string): Promise<boolean> {
    const result = await manager.update(ApiKeyEntity, { id, accountId, revokedAt: IsNull() }, { revokedAt: new Date(), revokeReason: 'revoked' });
    return (result.affected ?? 0) > 0;
  }

  /** Revokes every live key of the account; returns their ids (expired ones included: their tokens may still live). */
  async revokeAllOf(manager: EntityManager, accountId: string, reason: AccountWideRevokeReason): Promise<string[]> {
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE api_key SET revoked_at = clock_timestamp(), revoke_reason = $2 WHERE account_id = $1 AND revoked_at IS NULL RETURNING id`,
      [accountId, reason],
    );
    return rows.map((r) => r.id);
  }

  /**
   * A live, unexpired key by its hash, or undefined. Its last use is written in the same statement, but only when the
   * recorded one is older than LAST_USE_RESOLUTION_SECONDS (otherwise the row is not touched).
   */
  async use(manager: EntityManager, keyHash: Buffer): Promise<UsableApiKey | undefined> {
    const rows = await manager.query<{ id: string; account_id: string; scopes: Scope[] }[]>(
      `WITH live AS (
         SELECT id, account_id, scopes, last_used_at FROM api_key
          WHERE key_hash = $1 AND revoked_at IS NULL AND expires_at > clock_timestamp()
       ), touched AS (
         UPDATE api_key SET last_used_at = clock_timestamp() FROM live
          WHERE api_key.id = live.id
            AND (live.last_used_at IS NULL OR live.last_used_at < clock_timestamp() - make_interval(secs => $2))
       )
       SELECT id, account_id, scopes FROM live`,
      [keyHash, LAST_USE_RESOLUTION_SECONDS],
    );
    const row = rows[0];
    return row ? { id: row.id, accountId: row.account_id, scopes: row.scopes } : undefined;
  }
}
