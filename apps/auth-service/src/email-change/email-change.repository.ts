import { Injectable } from '@nestjs/common';
import { type EntityManager, IsNull } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EmailChangeEntity, type EmailChangeOutcome } from './email-change.entity';

/** A change whose confirm token was just spent: its account and the address asked for. */
export interface ConfirmedChange {
  readonly id: string;
  readonly accountId: string;
  readonly newEmail: string;
}

/** E-mail changes: one pending per account at most (a new request supersedes the older one). */
@Injectable()
export class EmailChangeRepository {
  async replace(manager: EntityManager, change: { accountId: string; newEmail: string; confirmTokenHash: Buffer; cancelTokenHash: Buffer; expiresAt: Date }): Promise<void> {
    await manager.update(EmailChangeEntity, { accountId: change.accountId, endedAt: IsNull() }, { endedAt: new Date(), outcome: 'superseded' });
    await manager.insert(EmailChangeEntity, { id: uuidv7(), ...change, endedAt: null, outcome: null });
  }

  /** Ends the pending, unexpired change whose `column` token this is, with `outcome`; what it was, or undefined. */
  async end(manager: EntityManager, column: 'confirm_token_hash' | 'cancel_token_hash', tokenHash: Buffer, outcome: EmailChangeOutcome): Promise<ConfirmedChange | undefined> {
    const [rows] = await manager.query<[{ id: string; account_id: string; new_email: string }[], number]>(
      `UPDATE email_change SET ended_at = clock_timestamp(), outcome = $2
        WHERE ${column} = $1 AND ended_at IS NULL AND expires_at > clock_timestamp()
        RETURNING id, account_id, new_email`,
      [tokenHash, outcome],
    );
    const row = rows[0];
    return row ? { id: row.id, accountId: row.account_id, newEmail: row.new_email } : undefined;
  }

  async setOutcome(manager: EntityManager, id: string, outcome: EmailChangeOutcome): Promise<void> {
    await manager.update(EmailChangeEntity, { id }, { outcome });
  }
}
