import { randomBytes } from 'node:crypto';
import { waitFor } from '@taskhub/platform-testing';
import { type E2eTokens, login, registerAccount } from '../support/e2e-auth';
import { type HttpResult, viaGateway } from '../support/e2e-client';

jest.setTimeout(90_000);

interface Actor {
  readonly id: string;
  readonly tokens: E2eTokens;
}

interface Inbox {
  readonly items: { id: string; kind: string; actorId: string | null; taskId: string | null; count: number }[];
}

/** The in-app inbox through the gateway: A adds B to a project and assigns B a task; B sees both, A sees nothing. */
describe('notifications through the gateway', () => {
  const call = (who: Actor, method: string, path: string, body?: unknown): Promise<HttpResult> =>
    viaGateway(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${who.tokens.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function actor(name: string): Promise<Actor> {
    const account = await registerAccount(name);
    const who = { id: account.id, tokens: await login(account) };
    await waitFor(async () => (await call(who, 'GET', '/users/me')).status === 200, { description: `${name}'s profile` });
    return who;
  }

  it("should put B's assignment by A in B's inbox and none in A's, and mark it read", async () => {
    const tag = randomBytes(3).toString('hex');
    const [a, b] = [await actor(`ada-${tag}`), await actor(`bea-${tag}`)];
    const key = `N${tag.toUpperCase().replace(/[^A-Z0-9]/g, 'X')}`;
    const project = await call(a, 'POST', '/projects', { name: `Inbox ${tag}`, key });
    expect(project.status).toBe(201);
    const projectId = project.json<{ id: string }>().id;
    await waitFor(async () => (await call(a, 'POST', `/projects/${projectId}/members`, { userId: b.id, role: 'editor' })).status === 201, {
      description: "B added (once the task service's read model knows B)",
    });
    const task = await call(a, 'POST', '/tasks', { projectId, title: 'Read your inbox', assigneeIds: [b.id] });
    expect(task.status).toBe(201);
    const taskId = task.json<{ id: string }>().id;

    const inbox = await waitFor(
      async () => {
        const response = await call(b, 'GET', '/notifications');
        return response.status === 200 && response.json<Inbox>().items.length === 2 && response.json<Inbox>();
      },
      { description: "B's two notifications" },
    );
    expect(inbox.items.map((i) => [i.kind, i.actorId, i.taskId, i.count])).toEqual([
      ['task.assigned', a.id, taskId, 1],
      ['project.member_added', a.id, null, 1],
    ]);
    expect((await call(a, 'GET', '/notifications/unread-count')).json()).toEqual({ count: 0 });

    expect((await call(b, 'POST', `/notifications/${inbox.items[0].id}/read`)).status).toBe(200);
    expect((await call(a, 'POST', `/notifications/${inbox.items[1].id}/read`)).status).toBe(404);
    expect((await call(b, 'GET', '/notifications/unread-count')).json()).toEqual({ count: 1 });
  });
});
