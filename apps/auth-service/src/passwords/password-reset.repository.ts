import { Injectable } from '@nestjs/common';
import { type EntityManager, IsNull } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { PasswordResetEntity } from './password-reset.entity';

/** Password-reset tokens: one live per account at most (a new request voids the older ones). */
@Injectable()
export class PasswordResetRepository {
  async replace(manager: EntityManager, accountId: string, tokenHash: Buffer, expiresAt: Date): Promise<void> {
    await this.voidAll(manager, accountId);
    await manager.insert(PasswordResetEntity, { id: uuidv7(), accountId, tokenHash, expiresAt, usedAt: null });
  }

  /** Uses the token if it is live: returns its account, or undefined (unknown, used, void or expired). */
  async use(manager: EntityManager, tokenHash: Buffer): Promise<string | undefined> {
    const [rows] = await manager.query<[{ account_id: string }[], number]>(
      `UPDATE password_reset SET used_at = clock_timestamp()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > clock_timestamp()
        RETURNING account_id`,
      [tokenHash],
    );
    return rows[0]?.account_id;
  }

  async voidAll(manager: EntityManager, accountId: string): Promise<void> {
    await manager.update(PasswordResetEntity, { accountId, usedAt: IsNull() }, { usedAt: new Date() });
  }
}
