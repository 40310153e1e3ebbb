import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type Delivery, type DeliveryStatus } from '../webhook';

interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  response_code: number | null;
  duration_ms: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  created_at: Date;
  body: string;
}

const COLUMNS = 'id, webhook_id, event_id, event_type, status, attempts, response_code, duration_ms, last_error, next_attempt_at, last_attempt_at, created_at, body';

function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: row.attempts,
    responseCode: row.response_code,
    durationMs: row.duration_ms,
    lastError: row.last_error,
    nextAttemptAt: row.status === 'pending' ? (row.next_attempt_at?.toISOString() ?? null) : null,
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    requestBody: row.body,
  };
}

/** A delivery claimed by a sender: what it needs to make one attempt. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly webhookId: string;
  readonly eventType: string;
  readonly body: string;
  /** this attempt's number, 1 for the first */
  readonly attempt: number;
  /** attempts made before the last manual redelivery (the retry schedule counts from there) */
  readonly attemptsBeforeRedelivery: number;
  readonly url: string;
  readonly secretSealed: string;
  /** the secret replaced by the last rotation, while it still signs */
  readonly previousSecretSealed: string | null;
}

/** The webhook_delivery table: the schedule of attempts and the delivery log. */
@Injectable()
export class WebhookDeliveryRepository {
  /** A new pending delivery, due now; false when this event already has one for this webhook (a duplicated event). */
  async insertIfAbsent(manager: EntityManager, input: { id: string; webhookId: string; eventId: string; eventType: string; body: string }): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO webhook_delivery (id, webhook_id, event_id, event_type, body, status, next_attempt_at) VALUES ($1, $2, $3, $4, $5, 'pending', now())
       ON CONFLICT (event_id, webhook_id) DO NOTHING RETURNING id`,
      [input.id, input.webhookId, input.eventId, input.eventType, input.body],
    );
    return rows.length === 1;
  }

  /**
   * Claims up to `limit` due deliveries (FOR UPDATE SKIP LOCKED: concurrent senders take different rows), counts the
   * attempt and leases them for `leaseMs`: a sender that dies mid-attempt leaves them due again after the lease. At
   * most `perEndpoint` minus the endpoint's `busy` count (this sender's attempts in flight) per webhook, oldest first.
   */
  async claimDue(manager: EntityManager, claim: { limit: number; leaseMs: number; perEndpoint: number; busy: ReadonlyMap<string, number> }): Promise<ClaimedDelivery[]> {
    const [rows] = await manager.query<[Record<string, unknown>[], number]>(
      `WITH ranked AS (
         SELECT id, webhook_id, row_number() OVER (PARTITION BY webhook_id ORDER BY next_attempt_at, id) AS rank
         FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= now()),
       due AS (
         SELECT d.id FROM webhook_delivery d JOIN ranked r ON r.id = d.id
         LEFT JOIN unnest($3::uuid[], $4::int[]) AS busy(webhook_id, n) ON busy.webhook_id = d.webhook_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND r.rank <= $5 - COALESCE(busy.n, 0)
         ORDER BY d.next_attempt_at LIMIT $1 FOR UPDATE OF d SKIP LOCKED)
       UPDATE webhook_delivery d SET attempts = d.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond',
         last_attempt_at = now(), updated_at = now()
       FROM due, webhook w WHERE d.id = due.id AND w.id = d.webhook_id
       RETURNING d.id, d.webhook_id AS "webhookId", d.event_type AS "eventType", d.body, d.attempts AS attempt,
         d.attempts_before_redelivery AS "attemptsBeforeRedelivery", w.url, w.secret_sealed AS "secretSealed",
         CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret_sealed END AS "previousSecretSealed"`,
      [claim.limit, claim.leaseMs, [...claim.busy.keys()], [...claim.busy.values()], claim.perEndpoint],
    );
    return rows as unknown as ClaimedDelivery[];
  }

  /**
   * The attempt's result: succeeded, failed, or pending again in `retryInMs`. Only the claim that made the attempt
   * writes (same attempt number, still pending); false when the row moved on meanwhile (disabled endpoint, deleted).
   */
  async complete(
    manager: EntityManager,
    claim: { id: string; attempt: number },
    result: { status: DeliveryStatus; retryInMs: number | null; responseCode: number | null; durationMs: number; error: string | null },
  ): Promise<boolean> {
    const [rows] = await manager.query<[unknown[], number]>(
      `UPDATE webhook_delivery SET status = $3, next_attempt_at = CASE WHEN $4::bigint IS NULL THEN NULL ELSE now() + $4 * interval '1 millisecond' END,
         response_code = $5, duration_ms = $6, last_error = $7, updated_at = now()
       WHERE id = $1 AND attempts = $2 AND status = 'pending' RETURNING id`,
      [claim.id, claim.attempt, result.status, result.retryInMs, result.responseCode, result.durationMs, result.error],
    );
    return rows.length === 1;
  }

  /** The webhook's deliveries before `beforeId`, newest first. */
  async list(manager: EntityManager, webhookId: string, beforeId: string | undefined, limit: number): Promise<Delivery[]> {
    const rows = await manager.query<DeliveryRow[]>(
      `SELECT ${COLUMNS} FROM webhook_delivery WHERE webhook_id = $1 AND ($2::uuid IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
      [webhookId, beforeId ?? null, limit],
    );
    return rows.map(toDelivery);
  }

  async byId(manager: EntityManager, webhookId: string, id: string, lock = false): Promise<Delivery | undefined> {
    const rows = await manager.query<DeliveryRow[]>(`SELECT ${COLUMNS} FROM webhook_delivery WHERE id = $1 AND webhook_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, webhookId]);
    return rows[0] && toDelivery(rows[0]);
  }

  /** A finished delivery due again now, with a fresh retry schedule (its attempts so far are kept in the count). */
  async redeliver(manager: EntityManager, id: string): Promise<Delivery> {
    const [rows] = await manager.query<[DeliveryRow[], number]>(
      `UPDATE webhook_delivery SET status = 'pending', next_attempt_at = now(), attempts_before_redelivery = attempts, updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id],
    );
    return toDelivery(rows[0]);
  }

  /** The pending deliveries of a disabled endpoint fail (each can be redelivered: one that succeeds enables the endpoint again). */
  async failPending(manager: EntityManager, webhookId: string, reason: string): Promise<void> {
    await manager.query(
      `UPDATE webhook_delivery SET status = 'failed', next_attempt_at = NULL, last_error = $2, updated_at = now() WHERE webhook_id = $1 AND status = 'pending'`,
      [webhookId, reason],
    );
  }
}
