import { Injectable } from '@nestjs/common';
import { type FieldChangeV1 } from '@taskhub/contracts';
import { type EntityManager } from 'typeorm';
import { type ActivityView } from './activity';
import { type ActivityAction } from './activity-log';

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

/** Reads the history: newest first, keyset pages over the time-ordered id (indexes (project_id, id), (task_id, id)). */
@Injectable()
export class ActivityRepository {
  async page(manager: EntityManager, scope: { projectId: string } | { taskId: string }, beforeId: string | undefined, limit: number): Promise<ActivityView[]> {
    const [column, value] = 'taskId' in scope ? ['task_id', scope.taskId] : ['project_id', scope.projectId];
    const rows = await manager.query<ActivityRow[]>(
      `SELECT id, project_id, task_id, actor_id, actor_name, action, changes, created_at FROM activity
       WHERE ${column} = $1${beforeId ? ' AND id < $3' : ''} ORDER BY id DESC LIMIT $2`,
      beforeId ? [value, limit, beforeId] : [value, limit],
    );
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
