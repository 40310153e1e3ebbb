import { v7 as uuidv7 } from 'uuid';
import { type TaskHarness } from './task-harness';

/** A task as the list answers it (the fields the list specs read). */
export interface ListedTaskBody {
  id: string;
  projectId: string;
  number: number;
  key: string;
  title: string;
  status: string;
  priority: string;
  dueAt: string | null;
  assignees: { id: string; displayName: string | null }[];
  labels: { id: string; name: string; color: string }[];
}

export interface TaskPageBody {
  items: ListedTaskBody[];
  nextCursor: string | null;
}

export interface SeedTask {
  title?: string;
  description?: string;
  status?: string;
  priority?: string;
  dueAt?: string | null;
  createdAt?: string;
  updatedAt?: string;
  parentId?: string;
  assignees?: string[];
  labels?: string[];
  deleted?: boolean;
}

/** Tasks written straight into the tables with the exact timestamps a sort test needs (the search trigger still runs). */
export class TaskListFixtures {
  constructor(private readonly harness: TaskHarness) {}

  async task(projectId: string, createdBy: string, seed: SeedTask = {}): Promise<string> {
    const id = uuidv7();
    await this.harness.dataSource.transaction(async (manager) => {
      const [[{ task_counter: number }]] = await manager.query<[[{ task_counter: number }], number]>(
        `UPDATE project SET task_counter = task_counter + 1 WHERE id = $1 RETURNING task_counter`,
        [projectId],
      );
      await manager.query(
        `INSERT INTO task (id, project_id, number, title, description, status, priority, due_at, parent_id, created_by, created_at, updated_at, deleted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, coalesce($11, now()), coalesce($12, now()), CASE WHEN $13::boolean THEN now() END)`,
        [
          id,
          projectId,
          number,
          seed.title ?? `task ${number}`,
          seed.description ?? null,
          seed.status ?? 'todo',
          seed.priority ?? 'none',
          seed.dueAt ?? null,
          seed.parentId ?? null,
          createdBy,
          seed.createdAt ?? null,
          seed.updatedAt ?? null,
          seed.deleted ?? false,
        ],
      );
      for (const userId of seed.assignees ?? []) await manager.query(`INSERT INTO task_assignee (task_id, user_id) VALUES ($1, $2)`, [id, userId]);
      for (const labelId of seed.labels ?? []) await manager.query(`INSERT INTO task_label (task_id, label_id) VALUES ($1, $2)`, [id, labelId]);
    });
    return id;
  }

  /** Every page of a list (`limit` per page) as one list of ids, following nextCursor. */
  async allPages(get: (cursor: string | null) => Promise<{ status: number; body: TaskPageBody }>, between?: () => Promise<void>): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page = await get(cursor);
      if (page.status !== 200) throw new Error(`a page answered ${page.status}: ${JSON.stringify(page.body)}`);
      ids.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
      if (cursor === null) return ids;
      if (between) await between();
    }
    throw new Error('more than 100 pages');
  }
}
