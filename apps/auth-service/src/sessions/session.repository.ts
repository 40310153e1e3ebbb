import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { type SessionRevokeReason } from '../security/revoke-reason';
import { type RefreshTokenStatus, RefreshTokenEntity } from './refresh-token.entity';
import { SessionEntity } from './session.entity';

/** A refresh token found by its hash, with its session, both locked for the rest of the transaction. */
export interface LockedRefreshToken {
  readonly tokenId: string;
  readonly status: RefreshTokenStatus;
  readonly sessionId: string;
  readonly accountId: string;
  readonly sessionExpiresAt: Date;
  readonly sessionRevokedAt: Date | null;
}

/** Sessions (refresh-token families) and their refresh tokens. */
@Injectable()
export class SessionRepository {
  async create(manager: EntityManager, session: { id: string; accountId: string; expiresAt: Date }): Promise<void> {
    await manager.insert(SessionEntity, { ...session, lastUsedAt: new Date(), revokedAt: null, revokeReason: null });
  }

  async addRefreshToken(manager: EntityManager, sessionId: string, tokenHash: Buffer): Promise<void> {
    await manager.insert(RefreshTokenEntity, { id: uuidv7(), sessionId, tokenHash, status: 'active', spentAt: null });
  }

  /**
   * Locks the token and its session (FOR UPDATE): two refreshes of the same token are serialised, and the second
   * sees it spent.
   */
  async lockByHash(manager: EntityManager, tokenHash: Buffer): Promise<LockedRefreshToken | undefined> {
    const rows = await manager.query<
      { token_id: string; status: RefreshTokenStatus; session_id: string; account_id: string; expires_at: Date; revoked_at: Date | null }[]
    >(
      `SELECT rt.id AS token_id, rt.status, s.id AS session_id, s.account_id, s.expires_at, s.revoked_at
         FROM refresh_token rt JOIN session s ON s.id = rt.session_id
        WHERE rt.token_hash = $1
        FOR UPDATE OF rt, s`,
      [tokenHash],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      tokenId: row.token_id,
      status: row.status,
      sessionId: row.session_id,
      accountId: row.account_id,
      sessionExpiresAt: row.expires_at,
      sessionRevokedAt: row.revoked_at,
    };
  }

  async spend(manager: EntityManager, tokenId: string, sessionId: string): Promise<void> {
    const now = new Date();
    await manager.update(RefreshTokenEntity, { id: tokenId }, { status: 'spent', spentAt: now });
    await manager.update(SessionEntity, { id: sessionId }, { lastUsedAt: now });
  }

  /** Ends sessions and their refresh tokens; returns the ids that were still live. */
  async revoke(manager: EntityManager, where: { sessionId?: string; accountId?: string; exceptSessionId?: string }, reason: SessionRevokeReason): Promise<string[]> {
    const conditions = ['revoked_at IS NULL'];
    const params: unknown[] = [reason];
    if (where.sessionId) conditions.push(`id = $${params.push(where.sessionId)}`);
    if (where.accountId) conditions.push(`account_id = $${params.push(where.accountId)}`);
    if (where.exceptSessionId) conditions.push(`id <> $${params.push(where.exceptSessionId)}`);
    const [rows] = await manager.query<[{ id: string }[], number]>(
      `UPDATE session SET revoked_at = clock_timestamp(), revoke_reason = $1 WHERE ${conditions.join(' AND ')} RETURNING id`,
      params,
    );
    const ids = rows.map((r) => r.id);
    if (ids.length > 0) {
      await manager.query(`UPDATE refresh_token SET status = 'revoked' WHERE session_id = ANY($1::uuid[]) AND status = 'active'`, [ids]);
    }
    return ids;
  }
}
