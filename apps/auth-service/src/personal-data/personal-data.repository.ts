import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

const iso = (value: Date | null): string | null => value?.toISOString() ?? null;

/**
 * Auth's part of a personal data export: `account`, `sessions` and `api-keys`, read in the consumer's transaction.
 * Never a password hash, a refresh token, an API key or its hash.
 */
@Injectable()
export class AuthPersonalDataRepository {
  async part(manager: EntityManager, userId: string): Promise<Record<string, unknown>> {
    return { account: await this.account(manager, userId), sessions: await this.sessions(manager, userId), 'api-keys': await this.apiKeys(manager, userId) };
  }

  /** `emailVerifiedAt` is read through to_jsonb so the part works with and without e-mail verification's column. */
  private async account(manager: EntityManager, userId: string): Promise<Record<string, unknown> | null> {
    const [row] = await manager.query<
      { id: string; email: string; display_name: string; roles: string[]; status: string; created_at: Date; disabled_at: Date | null; email_verified_at: string | null }[]
    >(
      `SELECT a.id, a.email, a.display_name, a.roles, a.status, a.created_at, a.disabled_at, to_jsonb(a) ->> 'email_verified_at' AS email_verified_at
         FROM account a WHERE a.id = $1`,
      [userId],
    );
    if (!row) return null;
    return {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      roles: row.roles,
      status: row.status,
      emailVerifiedAt: row.email_verified_at === null ? null : new Date(row.email_verified_at).toISOString(),
      createdAt: row.created_at.toISOString(),
      disabledAt: iso(row.disabled_at),
    };
  }

  private async sessions(manager: EntityManager, userId: string): Promise<Record<string, unknown>[]> {
    const rows = await manager.query<{ id: string; created_at: Date; last_used_at: Date; expires_at: Date; revoked_at: Date | null; revoke_reason: string | null }[]>(
      `SELECT id, created_at, last_used_at, expires_at, revoked_at, revoke_reason FROM session WHERE account_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at.toISOString(),
      lastUsedAt: r.last_used_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      revokedAt: iso(r.revoked_at),
      revokeReason: r.revoke_reason,
    }));
  }

  private async apiKeys(manager: EntityManager, userId: string): Promise<Record<string, unknown>[]> {
    const rows = await manager.query<
      { id: string; name: string; prefix: string; scopes: string[]; created_at: Date; expires_at: Date; last_used_at: Date | null; revoked_at: Date | null }[]
    >(
      `SELECT id, name, prefix, scopes, created_at, expires_at, last_used_at, revoked_at FROM api_key WHERE account_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      scopes: r.scopes,
      createdAt: r.created_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      lastUsedAt: iso(r.last_used_at),
      revokedAt: iso(r.revoked_at),
    }));
  }
}
