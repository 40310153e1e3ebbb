import { Injectable } from '@nestjs/common';
import { type EntityManager, IsNull } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';

/** An API key as listed: never its hash. */
export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
}

function toApiKey(e: ApiKeyEntity): ApiKey {
  return { id: e.id, name: e.name, prefix: e.prefix, createdAt: e.createdAt, expiresAt: e.expiresAt, lastUsedAt: e.lastUsedAt };
}

@Injectable()
export class ApiKeyRepository {
  async insert(manager: EntityManager, key: { id: string; accountId: string; name: string; prefix: string; keyHash: Buffer; expiresAt: Date | null }): Promise<ApiKey> {
    const entity = manager.create(ApiKeyEntity, { ...key, lastUsedAt: null, revokedAt: null });
    return toApiKey(await manager.save(entity));
  }

  /** The account's keys that are not revoked, newest first. */
  async listOf(manager: EntityManager, accountId: string): Promise<ApiKey[]> {
    return (await manager.find(ApiKeyEntity, { where: { accountId, revokedAt: IsNull() }, order: { id: 'DESC' } })).map(toApiKey);
  }

  async liveIdsOf(manager: EntityManager, accountId: string): Promise<string[]> {
    return (await manager.find(ApiKeyEntity, { where: { accountId, revokedAt: IsNull() }, select: { id: true } })).map((k) => k.id);
  }

  /** True if the account had this key and it was live. */
  async revoke(manager: EntityManager, accountId: string, id: string): Promise<boolean> {
    const result = await manager.update(ApiKeyEntity, { id, accountId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  /** Marks a live, unexpired key used and returns it with its account, or undefined. */
  async use(manager: EntityManager, keyHash: Buffer): Promise<{ id: string; accountId: string } | undefined> {
    const [rows] = await manager.query<[{ id: string; account_id: string }[], number]>(
      `UPDATE api_key SET last_used_at = clock_timestamp()
        WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > clock_timestamp())
        RETURNING id, account_id`,
      [keyHash],
    );
    const row = rows[0];
    return row ? { id: row.id, accountId: row.account_id } : undefined;
  }
}
