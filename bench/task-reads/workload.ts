import { randomUUID } from 'node:crypto';
import { type Client } from 'pg';

/** The read families of the mix and their weights (GETs only; see mixShares for the writes). */
const READS = {
  list: 0.3, // GET /api/v1/tasks?projectId= (the project's default list)
  board: 0.14, // GET /api/v1/projects/:id/board
  stats: 0.1, // GET /api/v1/projects/:id/stats
  myWork: 0.2, // GET /api/v1/tasks (every project of the caller)
  task: 0.24, // GET /api/v1/tasks/:id
} as const;

/** create: POST /api/v1/tasks, which bumps the project's generation, so its pages, stats and its members' my work miss once */
export type Family = keyof typeof READS | 'create';
export const FAMILIES: readonly Family[] = [...(Object.keys(READS) as Family[]), 'create'];

/** The share of each family: `writeShare` creates (default 2 %), the reads in their proportions for the rest. */
export function mixShares(writeShare: number): Record<Family, number> {
  if (!(writeShare >= 0 && writeShare < 1)) throw new Error(`the write share must be in [0, 1), got ${writeShare}`);
  const total = Object.values(READS).reduce((a, b) => a + b, 0);
  const reads = Object.fromEntries(Object.entries(READS).map(([f, w]) => [f, (w / total) * (1 - writeShare)]));
  return { ...reads, create: writeShare } as Record<Family, number>;
}

export interface Membership {
  readonly userId: string;
  readonly projectId: string;
  readonly role: string;
}

/** Who asks for what: members of a few seeded projects, their roles and tasks (ids read from the seeded database). */
export interface Workload {
  readonly projects: readonly string[];
  readonly memberships: readonly Membership[];
  /** memberships that may write (editor, owner) */
  readonly writers: readonly Membership[];
  readonly tasksByProject: ReadonlyMap<string, readonly string[]>;
  readonly users: readonly string[];
  /**
   * members with at least a page (FILTERED_LIST_PAGE) of todo tasks assigned to them in the project, the most loaded
   * first: who asks for `status=todo&assigneeId=<themselves>` (all who have any when nobody has a full page: a small seed)
   */
  readonly todoAssignees: readonly Membership[];
}

/** The page size of the filtered list the bench asks for (the default limit). */
export const FILTERED_LIST_PAGE = 20;

/**
 * `projects` live (not archived) seeded projects, picked by a hash of their key so the same seed gives the same set
 * (a mix of sizes: the seed's sizes are Zipf-like), every member of them, and up to `tasksPerProject` of each one's
 * tasks for the single-task reads.
 */
export async function loadWorkload(client: Client, projects: number, tasksPerProject: number): Promise<Workload> {
  const { rows: picked } = await client.query<{ id: string }>(
    `SELECT id FROM project WHERE archived_at IS NULL ORDER BY md5(key) LIMIT $1`,
    [projects],
  );
  const ids = picked.map((p) => p.id);
  const { rows: members } = await client.query<{ user_id: string; project_id: string; role: string }>(
    `SELECT user_id, project_id, role FROM project_member WHERE project_id = ANY($1::uuid[]) ORDER BY project_id, user_id`,
    [ids],
  );
  const { rows: tasks } = await client.query<{ id: string; project_id: string }>(
    `SELECT id, project_id FROM (
       SELECT id, project_id, row_number() OVER (PARTITION BY project_id ORDER BY md5(id::text)) AS n
         FROM task WHERE project_id = ANY($1::uuid[]) AND deleted_at IS NULL) t
      WHERE n <= $2`,
    [ids, tasksPerProject],
  );
  const { rows: loaded } = await client.query<{ user_id: string; project_id: string; role: string; todo: number }>(
    `SELECT m.user_id, m.project_id, m.role, count(*)::int AS todo
       FROM project_member m
       JOIN task_assignee a ON a.user_id = m.user_id
       JOIN task t ON t.id = a.task_id AND t.project_id = m.project_id AND t.status = 'todo' AND t.deleted_at IS NULL
      WHERE m.project_id = ANY($1::uuid[])
      GROUP BY m.user_id, m.project_id, m.role
      ORDER BY todo DESC, m.project_id, m.user_id`,
    [ids],
  );
  const full = loaded.filter((m) => m.todo >= FILTERED_LIST_PAGE);
  const todoAssignees = (full.length > 0 ? full : loaded).map((m) => ({ userId: m.user_id, projectId: m.project_id, role: m.role }));
  const tasksByProject = new Map<string, string[]>();
  for (const t of tasks) tasksByProject.set(t.project_id, [...(tasksByProject.get(t.project_id) ?? []), t.id]);
  const memberships = members.map((m) => ({ userId: m.user_id, projectId: m.project_id, role: m.role }));
  return {
    projects: ids,
    memberships,
    writers: memberships.filter((m) => m.role !== 'viewer'),
    tasksByProject,
    users: [...new Set(memberships.map((m) => m.userId))],
    todoAssignees,
  };
}

/** mulberry32: a small seeded generator, so a run's sequence of requests is the same every time */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MixRequest {
  readonly family: Family;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly userId: string;
  readonly body?: string;
}

/** The next request of the mix: a family by its share, then a uniformly drawn membership of the family's kind. */
export function nextRequest(workload: Workload, shares: Record<Family, number>, random: () => number): MixRequest {
  let draw = random();
  let family: Family = 'task';
  for (const f of FAMILIES) {
    if (draw < shares[f]) {
      family = f;
      break;
    }
    draw -= shares[f];
  }
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const m = pick(family === 'create' ? workload.writers : workload.memberships);
  switch (family) {
    case 'list':
      return { family, method: 'GET', path: `/api/v1/tasks?projectId=${m.projectId}`, userId: m.userId };
    case 'board':
      return { family, method: 'GET', path: `/api/v1/projects/${m.projectId}/board`, userId: m.userId };
    case 'stats':
      return { family, method: 'GET', path: `/api/v1/projects/${m.projectId}/stats`, userId: m.userId };
    case 'myWork':
      return { family, method: 'GET', path: '/api/v1/tasks', userId: m.userId };
    case 'task':
      return { family, method: 'GET', path: `/api/v1/tasks/${pick(workload.tasksByProject.get(m.projectId) ?? [])}`, userId: m.userId };
    case 'create':
      return {
        family,
        method: 'POST',
        path: '/api/v1/tasks',
        userId: m.userId,
        body: JSON.stringify({ projectId: m.projectId, title: `bench task ${randomUUID().slice(0, 8)}` }),
      };
  }
}
