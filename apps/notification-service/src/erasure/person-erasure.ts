import { Injectable, Logger } from '@nestjs/common';
import { type AuthUserDeletionRequestedV1, NOTIFICATION_PERSON_ERASED_V1 } from '@taskhub/contracts';
import { deletePublishedOutboxRowsMentioning, writeToOutbox } from '@taskhub/platform-messaging';
import { type EntityManager } from 'typeorm';

/** What replaces an erased person's name in what other people keep (their notifications, e-mails, webhook bodies). */
export const ERASED_NAME = 'Deleted user';

/** Any text found in a row: the value as is, and as it appears inside a JSON string (quotes and backslashes escaped). */
function spellings(value: string): string[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1)])];
}

/**
 * The notification service's step of an account deletion (docs/sagas.md), in the transaction of the consumer: the
 * person's notifications, webhooks (their deliveries cascade), e-mails and preferences are deleted; the person row
 * becomes a tombstone (no name, no address, version at its maximum, so a late profile or registration event brings
 * nothing back); other people's notifications, e-mails and webhook bodies that carry the person's name or address get
 * ERASED_NAME instead; published outbox rows about the person go; and notification.person.erased.v1 reports it. A
 * second request for the same deletion (a replay, an operator's resume) finds nothing left and reports again.
 */
@Injectable()
export class PersonErasure {
  private readonly logger = new Logger(PersonErasure.name);

  async erase(manager: EntityManager, request: AuthUserDeletionRequestedV1): Promise<void> {
    const { userId, deletionId } = request;
    const [person] = await manager.query<{ display_name: string | null; email: string | null }[]>(
      `SELECT display_name, email FROM person WHERE id = $1 FOR UPDATE`,
      [userId],
    );
    const known = [person?.display_name, person?.email].filter((v): v is string => typeof v === 'string' && v.length > 0).flatMap(spellings);

    await manager.query(`DELETE FROM notification WHERE user_id = $1`, [userId]);
    await manager.query(`UPDATE notification SET actor_name = $2 WHERE actor_id = $1 AND actor_name IS DISTINCT FROM $2`, [userId, ERASED_NAME]);
    await manager.query(`DELETE FROM webhook WHERE owner_id = $1`, [userId]);
    await manager.query(`DELETE FROM email WHERE user_id = $1 OR ($2::text IS NOT NULL AND to_address = $2)`, [userId, person?.email ?? null]);
    await manager.query(`DELETE FROM person_preferences WHERE user_id = $1`, [userId]);
    for (const text of known) {
      await manager.query(`UPDATE notification SET actor_name = replace(actor_name, $1, $2), excerpt = replace(excerpt, $1, $2) WHERE strpos(actor_name, $1) > 0 OR strpos(excerpt, $1) > 0`, [text, ERASED_NAME]);
      await manager.query(`UPDATE email SET payload = replace(payload::text, $1, $2)::jsonb WHERE strpos(payload::text, $1) > 0`, [text, ERASED_NAME]);
      await manager.query(`UPDATE webhook_delivery SET body = replace(body, $1, $2) WHERE strpos(body, $1) > 0`, [text, ERASED_NAME]);
    }
    await manager.query(
      `INSERT INTO person (id, status, version, disabled_at, erased_at) VALUES ($1, 'disabled', 2147483647, now(), now())
       ON CONFLICT (id) DO UPDATE SET display_name = NULL, email = NULL, timezone = NULL, locale = NULL, status = 'disabled',
         version = 2147483647, disabled_at = COALESCE(person.disabled_at, now()), erased_at = COALESCE(person.erased_at, now()), updated_at = now()`,
      [userId],
    );
    await deletePublishedOutboxRowsMentioning(manager, [userId, ...known]);
    await writeToOutbox(manager, NOTIFICATION_PERSON_ERASED_V1, { deletionId, userId, erasedAt: new Date().toISOString() });
    this.logger.log(`person ${userId} erased for deletion ${deletionId}`);
  }
}
