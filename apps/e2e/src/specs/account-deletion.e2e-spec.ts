import { randomBytes } from 'node:crypto';
import { type ServiceName } from '@taskhub/platform-config';
import { tablesMentioning, waitFor } from '@taskhub/platform-testing';
import { Client } from 'pg';
import { callAuth, type E2eTokens, linkTokenIn, login } from '../support/e2e-auth';
import { type HttpResult, SERVICES, startProcess, stopProcess, viaGateway } from '../support/e2e-client';
import { stackInfo } from '../support/stack-info';

jest.setTimeout(180_000);

interface Person {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
  readonly tokens: E2eTokens;
}

interface StepBody {
  name: string;
  status: string;
  attempts: number;
}
interface DeletionBody {
  deletionId: string;
  status: string;
  steps: StepBody[];
}

/** Waiting for a whole saga through four services and the broker: generous, the machine is shared. */
const SAGA_TIMEOUT_MS = 60_000;

/**
 * Account deletion through the gateway (docs/sagas.md): a person who owns a project (with an editor), is assigned tasks,
 * has notifications and a webhook deletes their account; every step reports; nothing of them is left in any table of
 * the four databases. And a deletion with the notification service down waits for it.
 */
describe('account deletion through the gateway', () => {
  const call = (who: Pick<Person, 'tokens'>, method: string, path: string, body?: unknown): Promise<HttpResult> =>
    viaGateway(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${who.tokens.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const progress = (deletionId: string): Promise<HttpResult> => viaGateway(`/api/v1/users/me/deletion/${deletionId}`, { anonymous: true });
  const stepStates = (body: DeletionBody): Record<string, string> => Object.fromEntries(body.steps.map((s) => [s.name, s.status]));

  /** A new, verified account with a display name of its own; its id read from GET /auth/me (registration answers none). */
  async function person(name: string): Promise<Person> {
    const tag = randomBytes(4).toString('hex');
    const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${tag}@example.com`;
    const password = `amber ${randomBytes(4).toString('hex')} harbour lamp`;
    const displayName = `${name} ${tag}`;
    const registered = await callAuth('POST', '/register', { body: { email, password, displayName } });
    expect(registered.status).toBe(202);
    // a verified address (the link of the verification e-mail): the webhook below needs one
    expect((await callAuth('POST', '/verify-email', { body: { token: await linkTokenIn(email, 'verify-email') } })).status).toBe(204);
    const tokens = await login({ email, password });
    const me = await callAuth('GET', '/me', { token: tokens.accessToken });
    const who = { id: me.json<{ id: string }>().id, email, password, displayName, tokens };
    await waitFor(async () => (await call(who, 'GET', '/users/me')).status === 200, { description: `${name}'s profile` });
    return who;
  }

  /** Tables of each database with a row whose text holds any of `needles`, per service ({} when none). */
  async function everyTableMentioning(needles: string[]): Promise<Record<ServiceName, Record<string, number>>> {
    const found = {} as Record<ServiceName, Record<string, number>>;
    for (const service of SERVICES) {
      const client = new Client({ connectionString: stackInfo().services[service].env.DATABASE_URL });
      await client.connect();
      try {
        found[service] = await tablesMentioning(async (sql, parameters) => (await client.query(sql, parameters)).rows as unknown[], needles);
      } finally {
        await client.end();
      }
    }
    return found;
  }

  const completed = (deletionId: string): Promise<DeletionBody> =>
    waitFor(
      async () => {
        const body = (await progress(deletionId)).json<DeletionBody>();
        return body.status === 'completed' && body;
      },
      { description: `deletion ${deletionId} completed`, timeoutMs: SAGA_TIMEOUT_MS, intervalMs: 250 },
    );

  it('should erase a project owner with an editor, tasks, notifications and a webhook from every service, reporting every step', async () => {
    const [vera, eddie] = [await person('Vera Vanish'), await person('Eddie Editor')];
    const key = `V${randomBytes(3).toString('hex').toUpperCase().replace(/[^A-Z0-9]/g, 'X')}`;
    const project = await call(vera, 'POST', '/projects', { name: `Vera's garden ${key}`, key });
    expect(project.status).toBe(201);
    const projectId = project.json<{ id: string }>().id;
    await waitFor(async () => (await call(vera, 'POST', `/projects/${projectId}/members`, { userId: eddie.id, role: 'editor' })).status === 201, {
      description: 'Eddie added as an editor',
    });
    const hers = await call(eddie, 'POST', '/tasks', { projectId, title: 'Water the roses', assigneeIds: [vera.id] });
    const his = await call(vera, 'POST', '/tasks', { projectId, title: 'Mow the lawn', assigneeIds: [eddie.id] });
    expect([hers.status, his.status]).toEqual([201, 201]);
    const [herTask, hisTask] = [hers.json<{ id: string }>().id, his.json<{ id: string }>().id];
    expect((await call(vera, 'POST', `/tasks/${hisTask}/comments`, { body: 'Before Sunday, please' })).status).toBe(201);
    const hook = await call(vera, 'POST', '/webhooks', { url: 'http://127.0.0.1:9/vera-hook', events: ['task.assigned'] });
    expect(hook.status).toBe(201);
    await waitFor(async () => (await call(vera, 'GET', '/notifications')).json<{ items: unknown[] }>().items.length > 0, { description: "Vera's notification" });
    await waitFor(async () => (await call(eddie, 'GET', '/notifications')).json<{ items: unknown[] }>().items.length > 0, { description: "Eddie's notification" });
    const needles = [vera.email, vera.displayName];
    const before = await everyTableMentioning(needles);
    expect(SERVICES.filter((s) => Object.keys(before[s]).length > 0)).toEqual(['auth', 'user', 'task', 'notification']);

    const wrong = await call(vera, 'DELETE', '/users/me', { password: 'not her password at all' });
    expect(wrong.status).toBe(401);
    const requested = await call(vera, 'DELETE', '/users/me', { password: vera.password });

    expect(requested.status).toBe(202);
    const { deletionId } = requested.json<DeletionBody>();
    expect((await callAuth('GET', '/me', { token: vera.tokens.accessToken })).status).toBe(401);
    expect((await call(vera, 'GET', '/users/me')).status).toBe(401);
    const done = await completed(deletionId);
    expect(done.steps.map((s) => [s.name, s.status])).toEqual([
      ['credentials', 'completed'],
      ['task', 'completed'],
      ['notification', 'completed'],
      ['profile', 'completed'],
      ['account', 'completed'],
    ]);
    expect((await callAuth('POST', '/login', { body: { email: vera.email, password: vera.password } })).status).toBe(401);
    expect((await callAuth('GET', '/me', { token: vera.tokens.accessToken })).status).toBe(401);

    expect((await call(eddie, 'GET', `/tasks/${herTask}`)).json<{ assignees: unknown[] }>().assignees).toEqual([]);
    const members = (await call(eddie, 'GET', `/projects/${projectId}/members`)).json<{ items: { userId: string; role: string }[] }>().items;
    expect(members.map((m) => [m.userId, m.role])).toEqual([[eddie.id, 'owner']]);
    const history = (await call(eddie, 'GET', `/projects/${projectId}/activity?limit=100`)).json<{ items: { actor: { id: string; displayName: string | null } }[] }>().items;
    const hersInHistory = history.filter((e) => e.actor.id === vera.id);
    expect(hersInHistory.length).toBeGreaterThan(0);
    expect(new Set(hersInHistory.map((e) => e.actor.displayName))).toEqual(new Set(['Deleted user']));
    expect(await everyTableMentioning(needles)).toEqual({ auth: {}, user: {}, task: {}, notification: {} });
  });

  it('should wait while the notification service is down, showing its step pending, and complete once it is back', async () => {
    const wren = await person('Wren Waiting');

    await stopProcess('notification-service');
    let deletionId = '';
    try {
      const requested = await call(wren, 'DELETE', '/users/me', { password: wren.password });
      expect(requested.status).toBe(202);
      deletionId = requested.json<DeletionBody>().deletionId;
      const waiting = await waitFor(
        async () => {
          const body = (await progress(deletionId)).json<DeletionBody>();
          return stepStates(body).task === 'completed' && body;
        },
        { description: 'the task step done while notification is down', timeoutMs: SAGA_TIMEOUT_MS, intervalMs: 250 },
      );
      expect(waiting.status).toBe('running');
      expect(stepStates(waiting)).toEqual({ credentials: 'completed', task: 'completed', notification: 'pending', profile: 'waiting', account: 'waiting' });
    } finally {
      await startProcess('notification-service');
    }

    const done = await completed(deletionId);
    expect(done.steps.map((s) => [s.name, s.status, s.attempts])).toEqual([
      ['credentials', 'completed', 1],
      ['task', 'completed', 1],
      ['notification', 'completed', 1],
      ['profile', 'completed', 1],
      ['account', 'completed', 1],
    ]);
    expect(await everyTableMentioning([wren.email, wren.displayName])).toEqual({ auth: {}, user: {}, task: {}, notification: {} });
  });
});
