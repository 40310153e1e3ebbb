import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

const iso = (value: Date | null): string | null => value?.toISOString() ?? null;

interface NotificationRow {
  id: string;
  kind: string;
  project_id: string | null;
  task_id: string | null;
  actor_id: string | null;
  task_key: string | null;
  task_title: string | null;
  project_name: string | null;
  status_from: string | null;
  status_to: string | null;
  excerpt: string | null;
  due_at: Date | null;
  due_window: string | null;
  role: string | null;
  count: number;
  webhook_id: string | null;
  read_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

interface WebhookRow {
  id: string;
  project_id: string | null;
  url: string;
  events: string[];
  status: string;
  failures_in_row: number;
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * The notification service's part of a personal data export: the person's `notifications` (the actor by id: the
 * stored actor name is someone else's) and `webhooks` (never a sealed secret, nor the deliveries' bodies).
 */
@Injectable()
export class NotificationPersonalDataRepository {
  async part(manager: EntityManager, userId: string): Promise<Record<string, unknown>> {
    return { notifications: await this.notifications(manager, userId), webhooks: await this.webhooks(manager, userId) };
  }

  private async notifications(manager: EntityManager, userId: string): Promise<Record<string, unknown>[]> {
    const rows = await manager.query<NotificationRow[]>(
      `SELECT id, kind, project_id, task_id, actor_id, task_key, task_title, project_name, status_from, status_to, excerpt, due_at,
              due_window, role, count, webhook_id, read_at, created_at, updated_at
         FROM notification WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      projectId: r.project_id,
      projectName: r.project_name,
      taskId: r.task_id,
      taskKey: r.task_key,
      taskTitle: r.task_title,
      actorId: r.actor_id,
      statusFrom: r.status_from,
      statusTo: r.status_to,
      excerpt: r.excerpt,
      dueAt: iso(r.due_at),
      dueWindow: r.due_window,
      role: r.role,
      count: r.count,
      webhookId: r.webhook_id,
      readAt: iso(r.read_at),
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  private async webhooks(manager: EntityManager, userId: string): Promise<Record<string, unknown>[]> {
    const rows = await manager.query<WebhookRow[]>(
      `SELECT id, project_id, url, events, status, failures_in_row, disabled_at, created_at, updated_at FROM webhook WHERE owner_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      url: r.url,
      events: r.events,
      status: r.status,
      failuresInRow: r.failures_in_row,
      disabledAt: iso(r.disabled_at),
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    }));
  }
}
