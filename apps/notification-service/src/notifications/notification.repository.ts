import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { type NoticeKind, type Notification, type RecordedNotification } from './notification';
import { type NotificationDraft } from './recipients';

/** One notification to write for one recipient. */
export interface NotificationToRecord {
  readonly userId: string;
  readonly draft: NotificationDraft;
  readonly actorName: string | null;
  readonly eventId: string;
}

interface NotificationRow {
  id: string;
  kind: Notification['kind'];
  project_id: string | null;
  task_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  task_key: string | null;
  task_title: string | null;
  project_name: string | null;
  status_from: Notification['statusFrom'];
  status_to: Notification['statusTo'];
  excerpt: string | null;
  due_at: Date | null;
  due_window: Notification['dueWindow'];
  role: Notification['role'];
  webhook_id: string | null;
  webhook_url: string | null;
  count: number;
  read_at: Date | null;
  created_at: Date;
  updated_at: Date;
  seq: string;
}

const COLUMNS = `id, kind, project_id, task_id, actor_id, actor_name, task_key, task_title, project_name, status_from, status_to,
  excerpt, due_at, due_window, role, webhook_id, webhook_url, count, read_at, created_at, updated_at, seq`;

/** The subject columns, $3..$15 of `record`'s statements. */
const SUBJECT_COLUMNS = `kind, actor_id, actor_name, task_key, task_title, project_name, status_from, status_to, excerpt, due_at, due_window, role`;

/** The notification table: the only code that touches it. */
@Injectable()
export class NotificationRepository {
  /**
   * Groups the event into the user's unread notification about the same task whose first event is younger than the
   * window (count + 1, the latest subject, a new seq), or inserts a new one. Serialised per user (a transaction-scoped
   * advisory lock, taken before the seq): two events of one task processed at once still make one row, and a user's
   * seqs commit in increasing order, so the live stream that has sent seq n never misses a row below n committed
   * later. Callers recording several users in one transaction lock them in id order (`lockUsers`).
   */
  async record(manager: EntityManager, item: NotificationToRecord, windowSeconds: number): Promise<RecordedNotification> {
    const { draft, userId } = item;
    const s = draft.subject;
    const subject = [draft.kind, draft.actorId, item.actorName, s.taskKey, s.taskTitle, s.projectName, s.statusFrom, s.statusTo, s.excerpt, s.dueAt, s.dueWindow, s.role];
    await this.lockUsers(manager, [userId]);
    if (draft.taskId !== null && windowSeconds > 0) {
      const [grouped] = await manager.query<[{ id: string; seq: string }[], number]>(
        `UPDATE notification SET (${SUBJECT_COLUMNS}) = ($3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14),
           count = count + 1, event_ids = event_ids || $15::uuid, seq = nextval('notification_seq'), updated_at = now()
         WHERE id = (SELECT id FROM notification WHERE user_id = $1 AND task_id = $2 AND read_at IS NULL
                     AND created_at > now() - make_interval(secs => $16) ORDER BY created_at DESC LIMIT 1)
         RETURNING id, seq`,
        [userId, draft.taskId, ...subject, item.eventId, windowSeconds],
      );
      if (grouped.length === 1) return { userId, notificationId: grouped[0].id, seq: grouped[0].seq };
    }
    const [row] = await manager.query<{ id: string; seq: string }[]>(
      `INSERT INTO notification (id, user_id, project_id, task_id, ${SUBJECT_COLUMNS}, count, event_ids, seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, ARRAY[$17::uuid], nextval('notification_seq'))
       RETURNING id, seq`,
      [uuidv7(), userId, draft.projectId, draft.taskId, ...subject, item.eventId],
    );
    return { userId, notificationId: row.id, seq: row.seq };
  }

  /**
   * Takes the per-user advisory locks of `record` until the transaction ends, in id order (two transactions over the
   * same users never deadlock); taking one again in the same transaction is a no-op.
   */
  async lockUsers(manager: EntityManager, userIds: readonly string[]): Promise<void> {
    for (const id of [...new Set(userIds)].sort()) {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`notification:${id}`]);
    }
  }

  /** The user's notifications with a seq above `afterSeq`, in seq order (the live stream's catch-up). */
  async after(manager: EntityManager, userId: string, afterSeq: string, limit: number): Promise<Notification[]> {
    const rows = await manager.query<NotificationRow[]>(
      `SELECT ${COLUMNS} FROM notification WHERE user_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [userId, afterSeq, limit],
    );
    return rows.map(toNotification);
  }

  /** The user's highest seq ('0' without notifications): where a stream without Last-Event-ID starts. */
  async lastSeq(manager: EntityManager, userId: string): Promise<string> {
    const [row] = await manager.query<{ seq: string | null }[]>(`SELECT max(seq)::text AS seq FROM notification WHERE user_id = $1`, [userId]);
    return row.seq ?? '0';
  }

  /** A notice (never grouped, about no event): `webhook.disabled` for the webhook's owner. */
  async recordNotice(manager: EntityManager, notice: { userId: string; kind: NoticeKind; projectId: string | null; webhookId: string; webhookUrl: string }): Promise<RecordedNotification> {
    await this.lockUsers(manager, [notice.userId]); // seq order = commit order, as in record (the live stream)
    const [row] = await manager.query<{ id: string; seq: string }[]>(
      `INSERT INTO notification (id, user_id, kind, project_id, webhook_id, webhook_url, count, event_ids, seq)
       VALUES ($1, $2, $3, $4, $5, $6, 1, '{}', nextval('notification_seq')) RETURNING id, seq`,
      [uuidv7(), notice.userId, notice.kind, notice.projectId, notice.webhookId, notice.webhookUrl],
    );
    return { userId: notice.userId, notificationId: row.id, seq: row.seq };
  }

  /** Newest first (the latest change first: a grouped notification moves up); `before` is the seq to continue below. */
  async list(manager: EntityManager, userId: string, options: { unread: boolean; before: string | null; limit: number }): Promise<Notification[]> {
    const rows = await manager.query<NotificationRow[]>(
      `SELECT ${COLUMNS} FROM notification
       WHERE user_id = $1 AND ($2::boolean IS FALSE OR read_at IS NULL) AND ($3::bigint IS NULL OR seq < $3)
       ORDER BY seq DESC LIMIT $4`,
      [userId, options.unread, options.before, options.limit],
    );
    return rows.map(toNotification);
  }

  async unreadCount(manager: EntityManager, userId: string): Promise<number> {
    const [row] = await manager.query<{ count: string }[]>(`SELECT count(*) FROM notification WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return Number(row.count);
  }

  /** Marks the user's notification read (again: keeps the first read time); null when the user has no such notification. */
  async markRead(manager: EntityManager, userId: string, id: string): Promise<Notification | null> {
    const [rows] = await manager.query<[NotificationRow[], number]>(
      `UPDATE notification SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, userId],
    );
    return rows.length === 1 ? toNotification(rows[0]) : null;
  }

  /** Marks every unread notification of the user read; returns how many. */
  async markAllRead(manager: EntityManager, userId: string): Promise<number> {
    const [, affected] = await manager.query<[unknown[], number]>(`UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return affected;
  }

  /** Deletes up to `limit` notifications read more than `days` ago; returns how many. */
  async purgeRead(manager: EntityManager, days: number, limit: number): Promise<number> {
    const [, deleted] = await manager.query<[unknown[], number]>(
      `DELETE FROM notification WHERE id IN (SELECT id FROM notification WHERE read_at < now() - make_interval(days => $1) LIMIT $2)`,
      [days, limit],
    );
    return deleted;
  }
}

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    projectId: row.project_id,
    taskId: row.task_id,
    actorId: row.actor_id,
    actorName: row.actor_name,
    taskKey: row.task_key,
    taskTitle: row.task_title,
    projectName: row.project_name,
    statusFrom: row.status_from,
    statusTo: row.status_to,
    excerpt: row.excerpt,
    dueAt: row.due_at?.toISOString() ?? null,
    dueWindow: row.due_window,
    role: row.role,
    webhookId: row.webhook_id,
    webhookUrl: row.webhook_url,
    count: row.count,
    readAt: row.read_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    seq: row.seq,
  };
}
