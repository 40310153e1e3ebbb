import { randomBytes } from 'node:crypto';
import { waitFor } from '@taskhub/platform-testing';
import { boundedConcurrency, http, type HttpResult } from '../support/e2e-client';
import { assignerAndAssignee, type E2eUser, inboxOf, newUser, projectWith } from '../support/e2e-notifications';
import { E2eReplicas, type E2eInstance, instanceCounter } from '../support/e2e-replicas';
import { E2eSseStream, type StreamedNotification } from '../support/e2e-sse';

jest.setTimeout(240_000);

/** A JSON call as `who` straight to one instance (the services verify the token themselves, as behind the gateway). */
function on(instance: E2eInstance, who: E2eUser, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  return http(`${instance.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${who.tokens.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The same counter on every instance, in instance order. */
const counters = (instances: readonly E2eInstance[], name: string, labels: Record<string, string> = {}): Promise<number[]> =>
  Promise.all(instances.map((i) => instanceCounter(i, name, labels)));

const titlesOf = (page: HttpResult): string[] => page.json<{ items: { title: string }[] }>().items.map((t) => t.title);

/**
 * Two task-service and two notification-service instances (the stack's and a second one with the same settings, as
 * `npm start` runs them with TASK_REPLICAS=2 NOTIFICATION_REPLICAS=2) and a gateway balancing each pair (issue 16):
 * nothing a client sees depends on which instance a request reaches. Requests go to a chosen instance on its own
 * port, except where the gateway's balancing itself is the subject.
 */
describe('two instances of the task and notification services', () => {
  let replicas: E2eReplicas;
  let task: readonly E2eInstance[];
  let notification: readonly E2eInstance[];
  const streams: E2eSseStream[] = [];

  beforeAll(async () => {
    replicas = await E2eReplicas.start(['task', 'notification']);
    task = replicas.of('task');
    notification = replicas.of('notification');
  });

  afterEach(async () => {
    await Promise.all(streams.splice(0).map((s) => s.close()));
  });

  afterAll(async () => {
    if (replicas) expect(await replicas.stop()).toEqual([0, 0, 0]);
  });

  /** A project of a new owner with `members` as editors; through the gateway (either instance). */
  async function team(size: number): Promise<{ owner: E2eUser; members: E2eUser[]; projectId: string }> {
    const tag = randomBytes(3).toString('hex');
    const users = await Promise.all(Array.from({ length: size }, (_, i) => newUser(`scale${i}-${tag}`)));
    const [owner, ...members] = users;
    return { owner, members, projectId: await projectWith(owner, members, tag) };
  }

  it('should balance the gateway round-robin over both instances of each service', async () => {
    const { owner, projectId } = await team(1);
    const created = await on(task[0], owner, 'POST', '/tasks', { projectId, title: 'Read through the gateway' });
    const route = { method: 'GET', route: '/api/v1/tasks/:id', status: '200' };
    const inbox = { method: 'GET', route: '/api/v1/notifications', status: '200' };
    const before = [await counters(task, 'http_requests_total', route), await counters(notification, 'http_requests_total', inbox)];

    const auth = { authorization: `Bearer ${owner.tokens.accessToken}` };
    for (let i = 0; i < 6; i++) {
      expect((await http(`${replicas.gatewayUrl}/api/v1/tasks/${created.json<{ id: string }>().id}`, { headers: auth })).status).toBe(200);
      expect((await http(`${replicas.gatewayUrl}/api/v1/notifications`, { headers: auth })).status).toBe(200);
    }

    const after = [await counters(task, 'http_requests_total', route), await counters(notification, 'http_requests_total', inbox)];
    expect(after.map((pair, s) => pair.map((n, i) => n - before[s][i]))).toEqual([
      [3, 3],
      [3, 3],
    ]);
  });

  it('should create one task for one Idempotency-Key whichever instance the retry reaches', async () => {
    const { owner, projectId } = await team(1);
    const key = { 'idempotency-key': `scale-${randomBytes(4).toString('hex')}` };
    const body = { projectId, title: 'Created once' };

    const first = await on(task[0], owner, 'POST', '/tasks', body, key);
    const retry = await on(task[1], owner, 'POST', '/tasks', body, key);
    const reused = await on(task[1], owner, 'POST', '/tasks', { ...body, title: 'Something else' }, key);

    expect(first.status).toBe(201);
    expect([retry.status, retry.headers.get('idempotent-replayed'), retry.json()]).toEqual([201, 'true', first.json()]);
    expect([reused.status, reused.json<{ code: string }>().code]).toEqual([422, 'IDEMPOTENCY.KEY_REUSED']);
    expect(titlesOf(await on(task[0], owner, 'GET', `/tasks?projectId=${projectId}&sort=number`))).toEqual(['Created once']);
  });

  it("should count a user's requests to both instances against one per-minute limit", async () => {
    const who = await newUser(`limit-${randomBytes(3).toString('hex')}`);
    // the counter is per fixed UTC minute: start with 40 s of the minute left, so the whole run stays in one window
    await waitFor(() => new Date().getUTCSeconds() < 20, { description: 'a minute with 40 s left', timeoutMs: 45_000, intervalMs: 250 });
    const first = await on(task[0], who, 'GET', '/projects');
    const [limit, left] = [Number(first.headers.get('ratelimit-limit')), Number(first.headers.get('ratelimit-remaining'))];
    expect(left).toBe(limit - 1);

    const EXTRA = 6;
    const answers = await boundedConcurrency(left + EXTRA, 8, (i) => on(task[(i + 1) % 2], who, 'GET', '/projects'));

    // every count up to the limit handed out exactly once over the two instances: one counter, not one each
    const remaining = answers.filter((a) => a.status === 200).map((a) => Number(a.headers.get('ratelimit-remaining')));
    expect(remaining.sort((x, y) => y - x)).toEqual(Array.from({ length: left }, (_, i) => left - 1 - i));
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused.map((a) => [a.status, a.json<{ code: string }>().code])).toEqual(Array(EXTRA).fill([429, 'REQUEST.RATE_LIMITED']));
    expect([(await on(task[0], who, 'GET', '/projects')).status, (await on(task[1], who, 'GET', '/projects')).status]).toEqual([429, 429]);
  });

  it('should give the same ETag on both instances and honour one instance’s ETag on the other', async () => {
    const { owner, projectId } = await team(1);
    const id = (await on(task[0], owner, 'POST', '/tasks', { projectId, title: 'Versioned' })).json<{ id: string }>().id;

    const [one, two] = [await on(task[0], owner, 'GET', `/tasks/${id}`), await on(task[1], owner, 'GET', `/tasks/${id}`)];
    const etag = one.headers.get('etag')!;
    expect(two.headers.get('etag')).toBe(etag);
    expect((await on(task[1], owner, 'GET', `/tasks/${id}`, undefined, { 'if-none-match': etag })).status).toBe(304);

    const changed = await on(task[1], owner, 'PATCH', `/tasks/${id}`, { title: 'Versioned again' }, { 'if-match': etag });
    expect(changed.status).toBe(200);
    const fresh = await on(task[0], owner, 'GET', `/tasks/${id}`, undefined, { 'if-none-match': etag });
    expect([fresh.status, fresh.headers.get('etag'), fresh.json<{ title: string }>().title]).toEqual([200, changed.headers.get('etag'), 'Versioned again']);
    const stale = await on(task[0], owner, 'PATCH', `/tasks/${id}`, { title: 'Lost update' }, { 'if-match': etag });
    expect([stale.status, stale.json<{ code: string }>().code]).toEqual([412, 'PRECONDITION.FAILED']);
  });

  it("should never serve a cached page or membership on one instance after a write on the other", async () => {
    const { owner, members, projectId } = await team(2);
    const [member] = members;
    const list = `/tasks?projectId=${projectId}`;
    await on(task[0], owner, 'POST', '/tasks', { projectId, title: 'First' });
    // both instances have read (and so cached) the project's first page, its board and the member's role
    for (const instance of task) {
      expect(titlesOf(await on(instance, member, 'GET', list))).toEqual(['First']);
      expect((await on(instance, member, 'GET', `/projects/${projectId}/board`)).status).toBe(200);
    }

    await on(task[0], owner, 'POST', '/tasks', { projectId, title: 'Second' });
    expect(titlesOf(await on(task[1], member, 'GET', list))).toEqual(['Second', 'First']);
    const board = await on(task[1], member, 'GET', `/projects/${projectId}/board`);
    expect(board.json<{ columns: { status: string; count: number }[] }>().columns.find((c) => c.status === 'todo')?.count).toBe(2);

    const removed = await on(task[0], owner, 'DELETE', `/projects/${projectId}/members/${member.id}`);
    expect(removed.status).toBe(204);
    const afterRemoval = await on(task[1], member, 'GET', list);
    expect([afterRemoval.status, afterRemoval.json<{ code: string }>().code]).toEqual([404, 'PROJECT.NOT_FOUND']);
  });

  it('should push a notification to streams held on both instances, whichever instance consumed its event', async () => {
    const { a, b, projectId, newestSeq } = await assignerAndAssignee();
    for (const instance of notification) {
      streams.push(await E2eSseStream.open(`${instance.baseUrl}/api/v1/notifications/stream`, b.tokens.accessToken, newestSeq));
    }
    const consumed = { queue: 'notification.inbox', routing_key: 'task.task.assigned.v1' };
    const before = await counters(notification, 'events_consumed_total', consumed);

    const created = await on(task[1], a, 'POST', '/tasks', { projectId, title: 'Streamed', assigneeIds: [b.id] });
    await waitFor(() => streams.every((s) => s.notifications.length === 1), { description: 'the assignment on both streams' });

    const [item] = (await inboxOf(b)).filter((i) => i.taskId === created.json<{ id: string }>().id);
    expect(streams.map((s) => s.notifications)).toEqual([[item], [item]]);
    // one instance applied the event; the stream on the other got it through Redis
    const after = await counters(notification, 'events_consumed_total', consumed);
    expect(after.map((n, i) => n - before[i]).sort()).toEqual([0, 1]);
  });

  it("should hold a user's open streams to one cap over both instances", async () => {
    const who = await newUser(`streams-${randomBytes(3).toString('hex')}`);
    const url = (i: number): string => `${notification[i % 2].baseUrl}/api/v1/notifications/stream`;
    const attempt = async (i: number): Promise<HttpResult | undefined> => {
      const opened = await E2eSseStream.open(url(i), who.tokens.accessToken).catch(() => undefined);
      if (opened) streams.push(opened);
      return opened ? undefined : http(url(i), { headers: { accept: 'text/event-stream', authorization: `Bearer ${who.tokens.accessToken}` } });
    };

    // alternately on each instance until one is refused: a cap per instance would let twice as many through
    let refused: HttpResult | undefined;
    for (let i = 0; refused === undefined && i < 20; i++) refused = await attempt(i);
    const cap = Number(/at most (\d+) open/.exec(refused!.json<{ message: string }>().message)?.[1]);
    expect([refused!.status, refused!.json<{ code: string }>().code, streams.length]).toEqual([429, 'NOTIFICATION.TOO_MANY_STREAMS', cap]);
    expect((await attempt(streams.length + 1))?.status).toBe(429); // the other instance refuses too

    await streams.shift()!.close(); // one held on the first instance
    await waitFor(async () => (await attempt(1)) === undefined, { description: 'a stream on the second instance once one on the first closed' });
  });

  it('should remind of a due date once although both instances scan', async () => {
    // the owner assigns the task to themselves: no assignment notice (an actor is never notified) to group the
    // reminder into, so each reminder event would show in the count of the task's one notification
    const { owner, projectId } = await team(1);
    const scans = (): Promise<number[]> => counters(task, 'task_due_reminder_scans_total');
    const emittedBefore = await counters(task, 'task_due_reminders_emitted_total');
    const dueAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const created = await on(task[0], owner, 'POST', '/tasks', { projectId, title: 'Due soon', assigneeIds: [owner.id], dueAt });
    const taskId = created.json<{ id: string }>().id;
    const remindersOf = async (): Promise<StreamedNotification[]> => (await inboxOf(owner)).filter((i) => i.taskId === taskId);

    await waitFor(async () => (await remindersOf()).length > 0, { description: 'the reminder' });
    // both instances have scanned three more times since: a reminder per instance would have been emitted by now
    const seen = await scans();
    await waitFor(async () => (await scans()).every((n, i) => n >= seen[i] + 3), { description: 'three more scans on each instance' });

    expect(await remindersOf()).toEqual([expect.objectContaining({ kind: 'task.due_soon', dueWindow: '1h', count: 1 })]);
    const emitted = await counters(task, 'task_due_reminders_emitted_total');
    expect(emitted[0] - emittedBefore[0] + (emitted[1] - emittedBefore[1])).toBe(1);
  });

  it('should export through one instance and serve the file through the other', async () => {
    const { owner, projectId } = await team(1);
    for (const title of ['Alpha', 'Beta']) await on(task[0], owner, 'POST', '/tasks', { projectId, title });

    const requested = await on(task[0], owner, 'POST', `/projects/${projectId}/exports`, { format: 'csv' });
    expect(requested.status).toBe(202);
    const location = requested.headers.get('location')!.replace(/^\/api\/v1/, '');
    await waitFor(async () => (await on(task[1], owner, 'GET', location)).json<{ status: string }>().status === 'ready', {
      description: 'the export ready, seen on the other instance',
    });

    const [one, two] = [await on(task[1], owner, 'GET', `${location}/download`), await on(task[0], owner, 'GET', `${location}/download`)];
    expect([one.status, one.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    expect(one.text.trim().split('\n').slice(1).map((row) => row.split(',')[2])).toEqual(['Alpha', 'Beta']);
    expect(two.text).toBe(one.text);
  });
});
