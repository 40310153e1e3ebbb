import { Injectable } from '@nestjs/common';
import { type FieldChangeV1 } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { type ActivityView } from './activity';
import { type ActivityAction } from './activity-log';
import { activityPageQuery, type ActivityScope, activityWindows } from './activity-page.query';

interface ActivityRow {
  id: string;
  project_id: string;
  task_id: string | null;
  actor_id: string;
  actor_name: string | null;
  action: ActivityAction;
  changes: FieldChangeV1[];
  created_at: Date;
}

/**
 * Reads the history: newest first, keyset pages over the time-ordered id, read window by window of `created_at` so each
 * query touches only the month partitions it needs (activity-page.query.ts); a full page usually takes one query.
 */
@Injectable()
export class ActivityRepository {
  async page(manager: EntityManager, scope: ActivityScope, beforeId: string | undefined, limit: number, now = new Date()): Promise<ActivityView[]> {
    const rows: ActivityRow[] = [];
    for (const window of activityWindows(beforeId, now)) {
      const { sql, params } = activityPageQuery(scope, beforeId, window, limit - rows.length);
      rows.push(...(await manager.query<ActivityRow[]>(sql, params)));
      if (rows.length >= limit) break;
    }
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      taskId: r.task_id,
      actor: { id: r.actor_id, displayName: r.actor_name },
      action: r.action,
      changes: r.changes,
      createdAt: r.created_at.toISOString(),
    }));
  }
}
