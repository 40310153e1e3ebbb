import { Injectable } from '@nestjs/common';
import { type EntityManager, IsNull } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EmailVerificationEntity } from './email-verification.entity';

/** Verification tokens: one live per account at most (a new link voids the older ones). */
@Injectable()
export class EmailVerificationRepository {
  async replace(manager: EntityManager, accountId: string, tokenHash: Buffer, expiresAt: Date): Promise<void> {
    await manager.update(EmailVerificationEntity, { accountId, usedAt: IsNull() }, { usedAt: new Date() });
    await manager.insert(EmailVerificationEntity, { id: uuidv7(), accountId, tokenHash, expiresAt, usedAt: null });
  }

  /** Uses the token if it is live: returns its account, or undefined (unknown, used, void or expired). */
  async use(manager: EntityManager, tokenHash: Buffer): Promise<string | undefined> {
    const [rows] = await manager.query<[{ account_id: string }[], number]>(
      `UPDATE email_verification SET used_at = clock_timestamp()
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > clock_timestamp()
        RETURNING account_id`,
      [tokenHash],
    );
    return rows[0]?.account_id;
  }
}
