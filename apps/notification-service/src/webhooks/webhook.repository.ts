import { Injectable } from '@nestjs/common';
import { type NotificationKind } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { type Webhook, type WebhookStatus } from './webhook';

interface WebhookRow {
  id: string;
  owner_id: string;
  project_id: string | null;
  url: string;
  events: NotificationKind[];
  status: WebhookStatus;
  previous_secret_expires_at: Date | null;
  disabled_at: Date | null;
  created_at: Date;
}

const COLUMNS = `id, owner_id, project_id, url, events, status,
  CASE WHEN previous_secret_expires_at > now() THEN previous_secret_expires_at END AS previous_secret_expires_at, disabled_at, created_at`;

function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    ownerId: row.owner_id,
    projectId: row.project_id,
    url: row.url,
    events: row.events,
    status: row.status,
    previousSecretExpiresAt: row.previous_secret_expires_at?.toISOString() ?? null,
    disabledAt: row.disabled_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** The webhook table (secrets only ever leave it sealed). */
@Injectable()
export class WebhookRepository {
  async insert(manager: EntityManager, input: { id: string; ownerId: string; projectId: string | null; url: string; events: readonly NotificationKind[]; secretSealed: string }): Promise<Webhook> {
    const rows = await manager.query<WebhookRow[]>(
      `INSERT INTO webhook (id, owner_id, project_id, url, events, secret_sealed) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [input.id, input.ownerId, input.projectId, input.url, input.events, input.secretSealed],
    );
    return toWebhook(rows[0]);
  }

  /** The webhook if the owner is this user; `lock` takes its row lock (FOR UPDATE). */
  async byId(manager: EntityManager, ownerId: string, id: string, lock = false): Promise<Webhook | undefined> {
    const rows = await manager.query<WebhookRow[]>(`SELECT ${COLUMNS} FROM webhook WHERE id = $1 AND owner_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, ownerId]);
    return rows[0] && toWebhook(rows[0]);
  }

  /** The owner's webhooks after `afterId`, oldest first (ids are UUIDv7). */
  async list(manager: EntityManager, ownerId: string, afterId: string | undefined, limit: number): Promise<Webhook[]> {
    const rows = await manager.query<WebhookRow[]>(`SELECT ${COLUMNS} FROM webhook WHERE owner_id = $1 AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`, [
      ownerId,
      afterId ?? null,
      limit,
    ]);
    return rows.map(toWebhook);
  }

  async count(manager: EntityManager, ownerId: string): Promise<number> {
    const rows = await manager.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM webhook WHERE owner_id = $1`, [ownerId]);
    return rows[0].n;
  }

  /** Deletes the webhook and its delivery log (ON DELETE CASCADE): its pending deliveries are never sent. */
  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM webhook WHERE id = $1`, [id]);
  }

  /** The new secret signs from now on; the current one keeps signing beside it for `graceSeconds`. */
  async rotate(manager: EntityManager, id: string, secretSealed: string, graceSeconds: number): Promise<Webhook> {
    const [rows] = await manager.query<[WebhookRow[], number]>(
      `UPDATE webhook SET previous_secret_sealed = secret_sealed, previous_secret_expires_at = now() + make_interval(secs => $3),
         secret_sealed = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, secretSealed, graceSeconds],
    );
    return toWebhook(rows[0]);
  }

  /**
   * The active webhooks an event of `kind` goes to: those of the users among `owners` (the recipients who want it on
   * their webhooks), and the project's, while the user who created it is still one of the project's owners.
   */
  async matching(manager: EntityManager, input: { kind: NotificationKind; owners: readonly string[]; projectId: string }): Promise<{ id: string; projectId: string | null }[]> {
    return manager.query<{ id: string; projectId: string | null }[]>(
      `SELECT w.id, w.project_id AS "projectId" FROM webhook w
       WHERE w.status = 'active' AND $1 = ANY(w.events) AND (
         (w.project_id IS NULL AND w.owner_id = ANY($2::uuid[]))
         OR (w.project_id = $3 AND EXISTS (SELECT 1 FROM project_owner o WHERE o.project_id = w.project_id AND o.user_id = w.owner_id)))
       ORDER BY w.id`,
      [input.kind, input.owners, input.projectId],
    );
  }

  /** A delivery succeeded: the endpoint's run of failures ends, and a disabled endpoint (a manual redelivery) is active again. */
  async recordSuccess(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE webhook SET failures_in_row = 0, status = 'active', disabled_at = NULL, updated_at = now() WHERE id = $1 AND (failures_in_row <> 0 OR status <> 'active')`,
      [id],
    );
  }

  /** A delivery failed for good: the endpoint's failures in a row, now. */
  async recordFailure(manager: EntityManager, id: string): Promise<number> {
    const [rows] = await manager.query<[{ failures_in_row: number }[], number]>(
      `UPDATE webhook SET failures_in_row = failures_in_row + 1 WHERE id = $1 RETURNING failures_in_row`,
      [id],
    );
    return rows[0]?.failures_in_row ?? 0;
  }

  /** Disables an active endpoint; the webhook if this call disabled it. */
  async disable(manager: EntityManager, id: string): Promise<Webhook | undefined> {
    const [rows] = await manager.query<[WebhookRow[], number]>(
      `UPDATE webhook SET status = 'disabled', disabled_at = now(), updated_at = now() WHERE id = $1 AND status = 'active' RETURNING ${COLUMNS}`,
      [id],
    );
    return rows[0] && toWebhook(rows[0]);
  }
}
