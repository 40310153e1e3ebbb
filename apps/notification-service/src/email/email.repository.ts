import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { type DeliveryPlan } from './schedule/delivery-plan';

/** Every template of the `email` table (the account e-mails go at once, never held by quiet hours or digests). */
export const EMAIL_TEMPLATES = ['password_reset', 'email_verification', 'registration_attempt', 'email_change_confirm', 'email_change_notice', 'notification', 'digest'] as const;
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number];

/** An e-mail to schedule: one per (event, user, template), whatever how often the event arrives. */
export interface NewEmail {
  readonly eventId: string;
  readonly userId: string;
  readonly template: EmailTemplate;
  readonly toAddress: string;
  readonly locale: string;
  readonly payload: object;
  readonly plan: DeliveryPlan;
}

/** A claimed e-mail, to send now. */
export interface DueEmail {
  readonly id: string;
  readonly template: EmailTemplate;
  readonly toAddress: string;
  readonly locale: string;
  readonly payload: Record<string, unknown>;
  readonly attempts: number;
  /** the first claim since it was scheduled or replayed: a long outage is measured from here */
  readonly firstAttemptAt: Date;
}

/** E-mails held for a digest that is due, one user's at a time. */
export interface HeldForDigest {
  readonly id: string;
  readonly userId: string;
  readonly toAddress: string;
  readonly locale: string;
  readonly payload: Record<string, unknown>;
}

const DUE = `(status = 'queued' OR (status = 'held' AND hold_reason = 'quiet_hours')) AND next_attempt_at <= $1`;
const COLUMNS = `id, template, to_address AS "toAddress", locale, payload, attempts, first_attempt_at AS "firstAttemptAt"`;

/** The `email` table: scheduling (exactly once per key), claims of due e-mails by several senders, outcomes, replay. */
@Injectable()
export class EmailRepository {
  /** false when this (event, user, template) was scheduled before: a duplicated event sends nothing more */
  async schedule(manager: EntityManager, email: NewEmail, now: Date): Promise<boolean> {
    const held = email.plan.status === 'held' ? email.plan : null;
    const rows = await manager.query<unknown[]>(
      `INSERT INTO email (id, event_id, user_id, template, to_address, locale, payload, status, hold_reason, not_before, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (event_id, user_id, template) DO NOTHING RETURNING id`,
      [uuidv7(), email.eventId, email.userId, email.template, email.toAddress, email.locale, JSON.stringify(email.payload), email.plan.status, held?.holdReason ?? null, held?.notBefore ?? null, held?.notBefore ?? now, now],
    );
    return rows.length === 1;
  }

  /**
   * Claims up to `limit` due e-mails (queued, or held for quiet hours that have ended) for this sender until
   * `leaseUntil`: another sender skips them meanwhile (SKIP LOCKED, then the pushed-back next_attempt_at), and takes
   * them again if this one dies before recording the outcome.
   */
  async claimDue(manager: EntityManager, now: Date, leaseUntil: Date, limit: number): Promise<DueEmail[]> {
    const [rows] = await manager.query<[DueEmail[], number]>(
      `UPDATE email SET status = 'queued', next_attempt_at = $2, first_attempt_at = COALESCE(first_attempt_at, $1)
       WHERE id IN (SELECT id FROM email WHERE ${DUE} ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [now, leaseUntil, limit],
    );
    return rows;
  }

  /**
   * A fresh lease for the next e-mail of this sender's claimed batch, until `leaseUntil`, if its claim still holds:
   * still queued under the lease this sender gave it (`claimedUntil`). False when the lease ran out while the batch
   * was being sent (a slow SMTP server, a loaded machine) and another sender has claimed it since: that one sends it,
   * this one must not.
   */
  async renewLease(manager: EntityManager, id: string, claimedUntil: Date, leaseUntil: Date): Promise<boolean> {
    const [rows] = await manager.query<[unknown[], number]>(
      `UPDATE email SET next_attempt_at = $3 WHERE id = $1 AND status = 'queued' AND next_attempt_at = $2 RETURNING id`,
      [id, claimedUntil, leaseUntil],
    );
    return rows.length === 1;
  }

  /** Sent; `forget` names payload fields not to keep once sent (the password-reset token). */
  async markSent(manager: EntityManager, id: string, now: Date, forget: readonly string[] = []): Promise<void> {
    await manager.query(`UPDATE email SET status = 'sent', sent_at = $2, last_error = NULL, payload = payload - $3::text[] WHERE id = $1`, [id, now, forget]);
  }

  async markFailed(manager: EntityManager, id: string, outcome: { attempts: number; error: string; retryAt: Date | null }): Promise<void> {
    await manager.query(
      `UPDATE email SET attempts = $2, last_error = $3, status = CASE WHEN $4::timestamptz IS NULL THEN 'parked' ELSE 'queued' END,
         next_attempt_at = COALESCE($4::timestamptz, next_attempt_at) WHERE id = $1`,
      [id, outcome.attempts, outcome.error.slice(0, 500), outcome.retryAt],
    );
  }

  /** E-mails held for digests due by `now`, locked for this transaction (another instance skips them). */
  async heldForDigest(manager: EntityManager, now: Date, limit: number): Promise<HeldForDigest[]> {
    return manager.query<HeldForDigest[]>(
      `SELECT id, user_id AS "userId", to_address AS "toAddress", locale, payload FROM email
       WHERE status = 'held' AND hold_reason = 'digest' AND not_before <= $1
       ORDER BY user_id, created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  /** The held e-mails, now part of digest `digestId` (itself scheduled by the caller). */
  async markDigested(manager: EntityManager, ids: readonly string[], digestId: string, now: Date): Promise<void> {
    await manager.query(`UPDATE email SET status = 'digested', digest_id = $2, sent_at = $3 WHERE id = ANY($1)`, [ids, digestId, now]);
  }

  /** Deletes e-mails sent (or digested) before `before`; how many. */
  async purgeSent(manager: EntityManager, before: Date, limit: number): Promise<number> {
    const [, count] = await manager.query<[unknown[], number]>(
      `DELETE FROM email WHERE id IN (SELECT id FROM email WHERE status IN ('sent', 'digested') AND sent_at < $1 LIMIT $2)`,
      [before, limit],
    );
    return count;
  }
}
