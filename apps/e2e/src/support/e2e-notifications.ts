import { randomBytes } from 'node:crypto';
import { waitFor } from '@taskhub/platform-testing';
import { Client } from 'pg';
import { type E2eTokens, registerAccount } from './e2e-auth';
import { type HttpResult, viaGateway } from './e2e-client';
import { type StreamedNotification } from './e2e-sse';
import { stackInfo } from './stack-info';

/** A signed-in user of the e2e run. */
export interface E2eUser {
  readonly id: string;
  readonly email: string;
  readonly tokens: E2eTokens;
}

/** A JSON call through the gateway as `who`. */
export function callAs(who: E2eUser, method: string, path: string, body?: unknown): Promise<HttpResult> {
  return viaGateway(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${who.tokens.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A new account, signed in, once its profile exists. */
export async function newUser(label: string): Promise<E2eUser> {
  const account = await registerAccount(label);
  const who = { id: account.id, email: account.email, tokens: account.tokens }; // one login session, the registration's
  await waitFor(async () => (await callAs(who, 'GET', '/users/me')).status === 200, { description: `${label}'s profile` });
  return who;
}

/**
 * One query against the notification service's database, for what the API does not show (an e-mail held for quiet
 * hours, preferences applied by its read model): observing state, never changing it.
 */
export async function notificationDb<T>(sql: string, params: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: stackInfo().services.notification.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

type Channels = { inApp: boolean; email: boolean; webhook: boolean };

/**
 * Sets `who`'s channels for task.assigned through the user service's preferences API, and waits until the
 * notification service's read model has them.
 */
export async function setAssignmentChannels(who: E2eUser, channels: Channels, quietHours: { start: string; end: string } | null = null): Promise<void> {
  const response = await callAs(who, 'PUT', '/users/me/preferences', { kinds: { 'task.assigned': channels }, digest: { enabled: false, hour: 8 }, quietHours });
  if (response.status !== 200) throw new Error(`preferences answered ${response.status}: ${response.text}`);
  await waitFor(
    async () => {
      const rows = await notificationDb<{ kinds: Record<string, Channels>; quiet_start: string | null; quiet_end: string | null }>(
        `SELECT kinds, quiet_start, quiet_end FROM person_preferences WHERE user_id = $1`,
        [who.id],
      );
      const [row] = rows;
      return row !== undefined && sameChannels(row.kinds['task.assigned'], channels) && row.quiet_start === (quietHours?.start ?? null) && row.quiet_end === (quietHours?.end ?? null);
    },
    { description: `the preferences of ${who.email} applied by the notification service` },
  );
}

function sameChannels(stored: Channels | undefined, wanted: Channels): boolean {
  return stored?.inApp === wanted.inApp && stored.email === wanted.email && stored.webhook === wanted.webhook;
}

/** A project of `owner` with `members` added as editors (once the task service knows them); its id. */
export async function projectWith(owner: E2eUser, members: readonly E2eUser[], tag: string): Promise<string> {
  const key = `N${tag.toUpperCase().replace(/[^A-Z0-9]/g, 'X')}`;
  // a 503 is the gateway's (no healthy task-service target for a moment on a loaded machine): nothing reached the service
  const project = await waitFor(
    async () => {
      const response = await callAs(owner, 'POST', '/projects', { name: `Notify ${tag}`, key });
      return response.status !== 503 && response;
    },
    { description: 'the project created' },
  );
  if (project.status !== 201) throw new Error(`project answered ${project.status}: ${project.text}`);
  const projectId = project.json<{ id: string }>().id;
  for (const member of members) {
    await waitFor(async () => (await callAs(owner, 'POST', `/projects/${projectId}/members`, { userId: member.id, role: 'editor' })).status === 201, {
      description: `${member.email} added`,
    });
  }
  return projectId;
}

/** `who`'s inbox (GET /notifications, newest first; `query` e.g. `?limit=100`); anything but 200 throws. */
export async function inboxOf(who: E2eUser, query = ''): Promise<StreamedNotification[]> {
  const response = await callAs(who, 'GET', `/notifications${query}`);
  if (response.status !== 200) throw new Error(`the inbox answered ${response.status}: ${response.text}`);
  return response.json<{ items: StreamedNotification[] }>().items;
}

/**
 * A and B, B a member of A's project, once B's "added to the project" notice is in B's inbox; and that notice's seq
 * (a stream opened with it as Last-Event-ID sends only what comes after).
 */
export async function assignerAndAssignee(tag = randomBytes(3).toString('hex')): Promise<{ a: E2eUser; b: E2eUser; projectId: string; newestSeq: string }> {
  const [a, b] = [await newUser(`ada-${tag}`), await newUser(`bea-${tag}`)];
  const projectId = await projectWith(a, [b], tag);
  const items = await waitFor(
    async () => {
      const current = await inboxOf(b);
      return current.length === 1 && current[0].kind === 'project.member_added' && current;
    },
    { description: "B's notice of being added" },
  );
  return { a, b, projectId, newestSeq: items[0].seq };
}

/** A new task of `projectId` created by `by` and assigned to `assignee`; its id, once `by` has the 201. */
export async function assignNewTask(by: E2eUser, assignee: E2eUser, projectId: string, title: string): Promise<string> {
  const task = await callAs(by, 'POST', '/tasks', { projectId, title, assigneeIds: [assignee.id] });
  if (task.status !== 201) throw new Error(`the task answered ${task.status}: ${task.text}`);
  return task.json<{ id: string }>().id;
}
