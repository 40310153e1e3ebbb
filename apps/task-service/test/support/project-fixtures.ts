import { randomInt } from 'node:crypto';
import { type EventEnvelope } from '@taskhub/contracts';
import { v7 as uuidv7 } from 'uuid';
import { type Person, type TaskHarness } from './task-harness';

/** A project as the API returns it. */
export interface ProjectBody {
  id: string;
  key: string;
  name: string;
  description: string | null;
  archived: boolean;
  archivedAt: string | null;
  role: string;
  createdBy: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { field: string; constraints?: Record<string, string> }[] | Record<string, unknown>;
}

/** One activity row as stored. */
export interface ActivityRow {
  actor_id: string;
  actor_name: string | null;
  action: string;
  task_id: string | null;
  changes: { field: string; old: unknown; new: unknown }[];
}

/** A project key no other test of the run has taken (keys are unique across the service). */
export function uniqueKey(prefix = 'P'): string {
  return `${prefix}${randomInt(36 ** 6).toString(36).toUpperCase().padStart(6, '0')}`;
}

/** Test data of the task service made through its API (projects, members) or, for tasks, straight into its tables. */
export class ProjectFixtures {
  constructor(private readonly harness: TaskHarness) {}

  /** A project owned by `owner`, with `members` added through the API. */
  async project(owner: Person, members: Partial<Record<'owner' | 'editor' | 'viewer', Person[]>> = {}, name = 'Website'): Promise<ProjectBody> {
    const created = await this.harness.as(owner)<ProjectBody>('POST', '/projects', { body: { name, key: uniqueKey() } });
    if (created.status !== 201) throw new Error(`creating a project answered ${created.status}: ${JSON.stringify(created.body)}`);
    for (const [role, people] of Object.entries(members)) {
      for (const person of people ?? []) {
        const added = await this.harness.as(owner)('POST', `/projects/${created.body.id}/members`, { body: { userId: person.id, role } });
        if (added.status !== 201) throw new Error(`adding a member answered ${added.status}: ${JSON.stringify(added.body)}`);
      }
    }
    return created.body;
  }

  /** A task inserted straight into the table (the tasks feature is not this spec's), with assignees and labels. */
  async task(projectId: string, createdBy: string, options: { assignees?: string[]; labels?: string[]; deleted?: boolean } = {}): Promise<string> {
    const id = uuidv7();
    await this.harness.dataSource.transaction(async (manager) => {
      const [[{ task_counter: number }]] = await manager.query<[[{ task_counter: number }], number]>(
        `UPDATE project SET task_counter = task_counter + 1 WHERE id = $1 RETURNING task_counter`,
        [projectId],
      );
      await manager.query(`INSERT INTO task (id, project_id, number, title, created_by, deleted_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        id,
        projectId,
        number,
        `task ${number}`,
        createdBy,
        options.deleted ? new Date() : null,
      ]);
      for (const userId of options.assignees ?? []) await manager.query(`INSERT INTO task_assignee (task_id, user_id) VALUES ($1, $2)`, [id, userId]);
      for (const labelId of options.labels ?? []) await manager.query(`INSERT INTO task_label (task_id, label_id) VALUES ($1, $2)`, [id, labelId]);
    });
    return id;
  }

  /** The project's activity, oldest first. */
  activity(projectId: string): Promise<ActivityRow[]> {
    return this.harness.dataSource.query<ActivityRow[]>(`SELECT actor_id, actor_name, action, task_id, changes FROM activity WHERE project_id = $1 ORDER BY id`, [projectId]);
  }

  /** The data of the events of `routingKey` the outbox holds for this project, oldest first. */
  async events(routingKey: string, projectId: string): Promise<unknown[]> {
    const envelopes: EventEnvelope[] = await this.harness.outbox(routingKey);
    return envelopes.map((e) => e.data).filter((data) => (data as { projectId?: string }).projectId === projectId);
  }

  async count(sql: string, params: unknown[]): Promise<number> {
    const rows = await this.harness.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${sql}`, params);
    return rows[0].n;
  }
}
