import { Injectable } from '@nestjs/common';
import { deletePublishedOutboxRowsMentioning } from '@taskhub/platform-messaging';
import { type EntityManager } from 'typeorm';

/** The e-mail address an erased account keeps: unique (the column is), and reserved (RFC 2606 `.invalid`) so it reaches no one. */
export function erasedEmail(accountId: string): string {
  return `deleted-${accountId}@invalid`;
}

/**
 * Auth's own part of a deletion, the saga's last step: the account row stays as a tombstone (its id, roles, times and
 * status `disabled`) with no e-mail, name or password hash; its password resets, sessions (and their refresh tokens),
 * API keys, verification links and e-mail changes (which name an address) are deleted; outbox rows about it (auth.user.registered.v1 carried the e-mail and name) go, published
 * or not: every service has erased the person by now.
 */
@Injectable()
export class AccountErasure {
  async erase(manager: EntityManager, accountId: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE account SET email = $2, display_name = '', password_hash = '', status = 'disabled', disabled_at = COALESCE(disabled_at, $3), updated_at = now() WHERE id = $1`,
      [accountId, erasedEmail(accountId), at],
    );
    await manager.query(`DELETE FROM password_reset WHERE account_id = $1`, [accountId]);
    await manager.query(`DELETE FROM session WHERE account_id = $1`, [accountId]); // refresh tokens cascade
    await manager.query(`DELETE FROM api_key WHERE account_id = $1`, [accountId]);
    await manager.query(`DELETE FROM email_verification WHERE account_id = $1`, [accountId]);
    await manager.query(`DELETE FROM email_change WHERE account_id = $1`, [accountId]); // a pending change names an address
    await deletePublishedOutboxRowsMentioning(manager, [accountId], { includePending: true }); // the saga's end: nothing about them is to be sent
  }
}
