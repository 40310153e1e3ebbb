import { randomBytes } from 'node:crypto';
import { waitFor } from '@taskhub/platform-testing';
import { type HttpResult, viaGateway } from '../support/e2e-client';
import { type E2eTokens, login, registerAccount } from '../support/e2e-auth';

jest.setTimeout(90_000);

interface Actor {
  readonly id: string;
  readonly name: string;
  readonly tokens: E2eTokens;
}

/**
 * The task service as a team uses it through the gateway: A makes a project and adds B, gives B a labelled task; B
 * moves it on with the right If-Match and answers with a comment mentioning A; C, who is in no project, learns nothing;
 * the history shows every step with the names of who did it.
 */
describe('tasks through the gateway', () => {
  const call = (who: Actor, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> =>
    viaGateway(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${who.tokens.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** A registered user with a display name of their own, once their profile exists (renamed through the user service). */
  async function actor(name: string): Promise<Actor> {
    const account = await registerAccount(name.toLowerCase().replace(/\W+/g, '-'));
    const tokens = await login(account);
    const who = { id: account.id, name, tokens };
    await waitFor(async () => (await call(who, 'GET', '/users/me')).status === 200, { description: `${name}'s profile` });
    expect((await call(who, 'PATCH', '/users/me', { displayName: name })).status).toBe(200);
    return who;
  }

  it('should take a task from creation to a comment, for members only, and keep its history with names', async () => {
    const tag = randomBytes(3).toString('hex');
    const [a, b, c] = [await actor(`Ada ${tag}`), await actor(`Bea ${tag}`), await actor(`Cal ${tag}`)];
    const key = `E${tag.toUpperCase().replace(/[^A-Z0-9]/g, 'X')}`;

    const project = await call(a, 'POST', '/projects', { name: `Website ${tag}`, key }, { 'idempotency-key': `create-${tag}` });
    expect(project.status).toBe(201);
    const projectId = project.json<{ id: string }>().id;
    const retried = await call(a, 'POST', '/projects', { name: `Website ${tag}`, key }, { 'idempotency-key': `create-${tag}` });
    expect([retried.status, retried.json<{ id: string }>().id, retried.headers.get('idempotent-replayed')]).toEqual([201, projectId, 'true']);

    // B becomes known to the task service through the user service's events; until then B is an unknown user (400)
    const added = await waitFor(
      async () => {
        const response = await call(a, 'POST', `/projects/${projectId}/members`, { userId: b.id, role: 'editor' });
        return response.status === 201 && response;
      },
      { description: "B added (once the task service's read model knows B)", timeoutMs: 10_000 },
    );
    expect(added.json()).toMatchObject({ userId: b.id, role: 'editor' });
    const label = await call(a, 'POST', `/projects/${projectId}/labels`, { name: 'frontend', color: '#3366ff' });
    expect(label.status).toBe(201);
    const labelId = label.json<{ id: string }>().id;
    const created = await call(a, 'POST', '/tasks', { projectId, title: 'Ship the landing page', assigneeIds: [b.id], labelIds: [labelId] });
    expect(created.status).toBe(201);
    const task = created.json<{ id: string; key: string; version: number }>();
    expect(task.key).toBe(`${key}-1`);

    const read = await call(b, 'GET', `/projects/${projectId}/tasks/${task.key}`);
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag')!;
    expect(read.json()).toMatchObject({ id: task.id, assignees: [{ id: b.id, displayName: b.name }], labels: [{ id: labelId, name: 'frontend' }] });
    const moved = await call(b, 'PATCH', `/tasks/${task.id}`, { status: 'in_progress' }, { 'if-match': etag });
    expect([moved.status, moved.json<{ status: string }>().status]).toEqual([200, 'in_progress']);
    const stale = await call(a, 'PATCH', `/tasks/${task.id}`, { status: 'blocked' }, { 'if-match': etag });
    expect(stale.status).toBe(412);
    const comment = await call(b, 'POST', `/tasks/${task.id}/comments`, { body: `Started, @[${a.name}](${a.id}) please review` });
    expect(comment.status).toBe(201);
    expect(comment.json<{ mentions: string[] }>().mentions).toEqual([a.id]);

    const prying = [
      await call(c, 'GET', `/projects/${projectId}`),
      await call(c, 'GET', `/projects/${projectId}/members`),
      await call(c, 'GET', `/projects/${projectId}/labels`),
      await call(c, 'GET', `/projects/${projectId}/tasks/${task.key}`),
      await call(c, 'GET', `/tasks/${task.id}`),
      await call(c, 'PATCH', `/tasks/${task.id}`, { title: 'mine now' }, { 'if-match': moved.headers.get('etag')! }),
      await call(c, 'GET', `/tasks/${task.id}/comments`),
      await call(c, 'POST', `/tasks/${task.id}/comments`, { body: 'hello?' }),
      await call(c, 'GET', `/tasks/${task.id}/activity`),
      await call(c, 'GET', `/projects/${projectId}/activity`),
    ];
    expect(prying.map((r) => r.status)).toEqual(Array.from({ length: prying.length }, () => 404));
    expect((await call(c, 'GET', '/projects')).json<{ items: { id: string }[] }>().items.map((p) => p.id)).not.toContain(projectId);

    const history = await call(a, 'GET', `/projects/${projectId}/activity?limit=100`);
    const steps = history
      .json<{ items: { action: string; actor: { id: string; displayName: string } }[] }>()
      .items.map((e) => `${e.actor.displayName}: ${e.action}`)
      .reverse();
    expect(steps).toEqual([
      `${a.name}: project.created`,
      `${a.name}: member.added`,
      `${a.name}: label.created`,
      `${a.name}: task.created`,
      `${b.name}: task.updated`,
      `${b.name}: comment.added`,
    ]);
  });
});
