import { type Membership, type Workload } from '../../task-reads/workload';
import { type BenchData } from '../bench-target';
import { type BenchApi, BenchApiError } from './bench-api';

/** Access tokens live 15 minutes: every bench user logs in again after 10. */
const TOKEN_RENEW_AFTER_MS = 600_000;
/** A registered account reaches the task service by an event: how long adding it as a member is retried. */
const USER_KNOWN_TIMEOUT_MS = 60_000;
/** Setup calls in flight at once (each user's own per-minute limit on the services still applies). */
const SETUP_CONCURRENCY = 4;

/** The bench's own rows on a running stack are named so (docs/performance.md, "Against a running stack"). */
export const BENCH_EMAIL = (i: number): string => `taskhub-bench-${i}@example.com`;
export const BENCH_PROJECT_KEY = (k: number): string => `BENCH${k}`;

export interface RunningDataOptions {
  /** bench users (taskhub-bench-<i>@example.com): user 1 owns the projects, the others are members */
  readonly users: number;
  /** bench projects (keys BENCH1, BENCH2, ...) */
  readonly projects: number;
  /** tasks a newly made bench project gets */
  readonly tasksPerProject: number;
  readonly password: string;
  readonly log: (line: string) => void;
}

interface BenchUser {
  readonly index: number;
  readonly email: string;
  id: string;
  token: string;
}

interface PageOf<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

async function inBatches<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: SETUP_CONCURRENCY }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

/** Every page of a keyset-paged list. */
async function allPages<T>(api: BenchApi, path: string, token: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: PageOf<T> = await api.expect<PageOf<T>>([200], 'GET', `${path}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * The bench's users and data on a running TaskHub, found or made through its API (the gateway), never touching
 * anything else: accounts taskhub-bench-<i>@example.com (registered when login says 401), projects BENCH<k> owned by
 * bench user 1 with every other bench user as a member (every fifth a viewer), and `tasksPerProject` tasks in a
 * project the bench makes. Access tokens come from logging in: the running auth service's own keys sign them.
 */
export class RunningData implements BenchData {
  readonly workload: Workload;
  readonly seedMs: number;
  private readonly renewal: NodeJS.Timeout;

  private constructor(
    private readonly api: BenchApi,
    private readonly users: readonly BenchUser[],
    private readonly password: string,
    workload: Workload,
    seedMs: number,
    private readonly log: (line: string) => void,
  ) {
    this.workload = workload;
    this.seedMs = seedMs;
    this.renewal = setInterval(() => void this.renewTokens(), TOKEN_RENEW_AFTER_MS);
    this.renewal.unref();
  }

  static async prepare(api: BenchApi, options: RunningDataOptions): Promise<RunningData> {
    const began = Date.now();
    if (options.users < 2) throw new Error('BENCH_USERS must be at least 2 on a running stack (an owner and a member)');
    const users: BenchUser[] = new Array<BenchUser>(options.users);
    const indexes = Array.from({ length: options.users }, (_, i) => i + 1);
    await inBatches(indexes, async (i) => void (users[i - 1] = await signIn(api, i, options.password)));
    options.log(`running stack: ${users.length} bench users signed in (${BENCH_EMAIL(1)} ...)`);
    const owner = users[0];
    const existing = await allPages<{ id: string; key: string }>(api, '/api/v1/projects', owner.token);
    const projectIds: string[] = [];
    let made = 0;
    for (let k = 1; k <= options.projects; k++) {
      const key = BENCH_PROJECT_KEY(k);
      let id = existing.find((p) => p.key === key)?.id;
      if (!id) {
        const answer = await api.call('POST', '/api/v1/projects', {
          token: owner.token,
          body: { key, name: `TaskHub bench ${k}`, description: 'Made by npm run bench against a running stack (docs/performance.md): safe to delete.' },
        });
        if (answer.status === 409) throw new BenchApiError(`project key ${key} is taken by a project ${owner.email} does not own: delete it or bench another stack`);
        if (answer.status !== 201) throw new BenchApiError(`POST /api/v1/projects answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
        id = (answer.body as { id: string }).id;
        made += 1;
      }
      projectIds.push(id);
    }
    const memberships: Membership[] = [];
    for (const projectId of projectIds) memberships.push(...(await ensureMembers(api, projectId, users)));
    const tasksByProject = new Map<string, string[]>();
    const writers = memberships.filter((m) => m.role !== 'viewer');
    await inBatches(projectIds, async (projectId) => {
      const page = await api.expect<PageOf<{ id: string }>>([200], 'GET', `/api/v1/tasks?projectId=${projectId}`, { token: owner.token });
      const ids = page.items.map((t) => t.id);
      const projectWriters = writers.filter((w) => w.projectId === projectId);
      for (let n = ids.length; page.nextCursor === null && n < options.tasksPerProject; n++) {
        const writer = users.find((u) => u.id === projectWriters[n % projectWriters.length].userId)!;
        const task = await api.expect<{ id: string }>([201], 'POST', '/api/v1/tasks', { token: writer.token, body: { projectId, title: `bench seed task ${n + 1}`, assigneeIds: [writer.id] } });
        ids.push(task.id);
      }
      tasksByProject.set(projectId, ids);
    });
    options.log(`running stack: ${projectIds.length} bench projects (${made} made now), ${memberships.length} memberships, ${[...tasksByProject.values()].reduce((s, t) => s + t.length, 0)} tasks to read`);
    // rows 2 and 3 ask each writer's own todo in a project: the tasks above are made todo and assigned to their writer
    const workload: Workload = { projects: projectIds, memberships, writers, tasksByProject, users: users.map((u) => u.id), todoAssignees: writers };
    return new RunningData(api, users, options.password, workload, Date.now() - began, options.log);
  }

  authorization(userId: string): string {
    const user = this.users.find((u) => u.id === userId);
    if (!user) throw new Error(`${userId} is not a bench user`);
    return `Bearer ${user.token}`;
  }

  /** Logs every bench user in again (the old tokens stay valid until they expire, so no request sees a gap). */
  private async renewTokens(): Promise<void> {
    try {
      for (const user of this.users) user.token = (await signIn(this.api, user.index, this.password)).token;
    } catch (error) {
      this.log(`running stack: renewing the bench users' tokens failed: ${String(error)}`);
    }
  }

  close(): void {
    clearInterval(this.renewal);
  }
}

/** Logs bench user `index` in, registering the account first if the login says 401. */
async function signIn(api: BenchApi, index: number, password: string): Promise<BenchUser> {
  const email = BENCH_EMAIL(index);
  const login = (): Promise<{ status: number; body: unknown }> => api.call('POST', '/api/v1/auth/login', { body: { email, password } });
  let answer = await login();
  if (answer.status === 401) {
    await api.expect([202], 'POST', '/api/v1/auth/register', { body: { email, password, displayName: `TaskHub bench ${index}` } });
    answer = await login();
  }
  if (answer.status !== 200) {
    throw new BenchApiError(`login of ${email} answered ${answer.status} (${JSON.stringify(answer.body).slice(0, 200)}); an account made with another BENCH_USER_PASSWORD?`);
  }
  const token = (answer.body as { accessToken: string }).accessToken;
  const me = await api.expect<{ id: string }>([200], 'GET', '/api/v1/auth/me', { token });
  return { index, email, id: me.id, token };
}

/** Every bench user a member of the project (user 1 owns it; every fifth a viewer, the others editors). */
async function ensureMembers(api: BenchApi, projectId: string, users: readonly BenchUser[]): Promise<Membership[]> {
  const owner = users[0];
  const present = await allPages<{ userId: string; role: string }>(api, `/api/v1/projects/${projectId}/members`, owner.token);
  const result: Membership[] = [];
  await inBatches(users, async (user) => {
    const found = present.find((m) => m.userId === user.id);
    if (found) {
      result.push({ userId: user.id, projectId, role: found.role });
      return;
    }
    const role = user.index % 5 === 0 ? 'viewer' : 'editor';
    const until = Date.now() + USER_KNOWN_TIMEOUT_MS;
    for (;;) {
      const answer = await api.call('POST', `/api/v1/projects/${projectId}/members`, { token: owner.token, body: { userId: user.id, role } });
      if (answer.status === 201 || answer.status === 409) break;
      // 400 until the task service has heard of the account (auth.user.registered.v1 reaches it through the broker)
      if (answer.status !== 400 || Date.now() > until) throw new BenchApiError(`adding ${user.email} to ${projectId} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    result.push({ userId: user.id, projectId, role });
  });
  return result.sort((a, b) => a.userId.localeCompare(b.userId));
}
