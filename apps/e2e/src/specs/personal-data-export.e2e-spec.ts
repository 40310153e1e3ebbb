import { randomBytes } from 'node:crypto';
import { waitFor } from '@taskhub/platform-testing';
import { unzipText } from '../support/e2e-zip';
import { type E2eUser, callAs, inboxOf, newUser, projectWith } from '../support/e2e-notifications';
import { stackInfo } from '../support/stack-info';

jest.setTimeout(120_000);

interface ExportBody {
  id: string;
  status: string;
  parts: { name: string; status: string }[];
  download: string | null;
}

/**
 * A personal data export through the gateway: every service's part of one person's data in one zip, nothing of the
 * other person beside them, and the export hidden from anyone else.
 */
describe('personal data export through the gateway', () => {
  const rename = async (who: E2eUser, displayName: string): Promise<void> => {
    expect((await callAs(who, 'PATCH', '/users/me', { displayName })).status).toBe(200);
  };
  const download = async (who: E2eUser, path: string): Promise<{ status: number; type: string | null; bytes: Buffer }> => {
    const response = await fetch(`${stackInfo().gateway.proxyUrl}${path}`, { headers: { authorization: `Bearer ${who.tokens.accessToken}` } });
    return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
  };

  it("should gather the person's data from the four services into one archive with nothing of anyone else, and hide it from others", async () => {
    const tag = randomBytes(3).toString('hex');
    const [ada, bob] = [await newUser(`ada-${tag}`), await newUser(`bob-${tag}`)];
    await rename(ada, `Ada ${tag} Lovelace`);
    await rename(bob, `Bob ${tag} Babbage`);
    expect((await callAs(ada, 'PUT', '/users/me/preferences', { kinds: {}, digest: { enabled: true, hour: 6 }, quietHours: null })).status).toBe(200);
    const adaHook = await callAs(ada, 'POST', '/webhooks', { url: `http://127.0.0.1:9/ada-${tag}`, events: ['task.assigned'] });
    const bobHook = await callAs(bob, 'POST', '/webhooks', { url: `http://127.0.0.1:9/bob-${tag}`, events: ['task.assigned'] });
    expect([adaHook.status, bobHook.status]).toEqual([201, 201]);
    const shared = await projectWith(bob, [ada], `s${tag}`);
    const own = await projectWith(ada, [], `o${tag}`);
    const assigned = await callAs(bob, 'POST', '/tasks', { projectId: shared, title: `Assigned to Ada ${tag}`, assigneeIds: [ada.id] });
    const created = await callAs(ada, 'POST', '/tasks', { projectId: own, title: `Ada's own ${tag}` });
    const bobsOwn = await callAs(bob, 'POST', '/tasks', { projectId: shared, title: `Bob's own ${tag}` });
    expect([assigned.status, created.status, bobsOwn.status]).toEqual([201, 201, 201]);
    const assignedId = assigned.json<{ id: string }>().id;
    expect((await callAs(ada, 'POST', `/tasks/${assignedId}/comments`, { body: `Ada's comment ${tag}` })).status).toBe(201);
    expect((await callAs(bob, 'POST', `/tasks/${assignedId}/comments`, { body: `Bob's comment ${tag}` })).status).toBe(201);
    await waitFor(async () => (await inboxOf(ada)).some((n) => n.kind === 'task.assigned'), { description: "Ada's assignment notice" });

    const started = await callAs(ada, 'POST', '/users/me/export');
    expect(started.status).toBe(202);
    const { id } = started.json<ExportBody>();
    const complete = await waitFor(
      async () => {
        const current = (await callAs(ada, 'GET', `/users/me/export/${id}`)).json<ExportBody>();
        return current.status === 'complete' && current;
      },
      { description: 'the export complete', timeoutMs: 60_000 },
    );
    const seenByBob = await callAs(bob, 'GET', `/users/me/export/${id}`);
    const archiveForBob = await download(bob, `/api/v1/users/me/export/${id}/archive`);
    const archive = await download(ada, complete.download ?? '');
    const texts = await unzipText(archive.bytes);
    const file = <T>(name: string): T => JSON.parse(texts.get(name) ?? 'null') as T;

    expect(complete.parts).toEqual([
      expect.objectContaining({ name: 'auth', status: 'received' }),
      expect.objectContaining({ name: 'task', status: 'received' }),
      expect.objectContaining({ name: 'notification', status: 'received' }),
    ]);
    expect([seenByBob.status, archiveForBob.status]).toEqual([404, 404]);
    expect([archive.status, archive.type]).toEqual([200, 'application/zip']);
    expect([...texts.keys()]).toEqual([
      'manifest.json',
      'user/preferences.json',
      'user/profile.json',
      'auth/account.json',
      'auth/api-keys.json',
      'auth/sessions.json',
      'task/comments.json',
      'task/projects.json',
      'task/tasks.json',
      'notification/notifications.json',
      'notification/webhooks.json',
    ]);
    expect(file<{ exportId: string; userId: string }>('manifest.json')).toMatchObject({ exportId: id, userId: ada.id });
    expect(file('user/profile.json')).toMatchObject({ id: ada.id, email: ada.email, displayName: `Ada ${tag} Lovelace` });
    expect(file('user/preferences.json')).toMatchObject({ digest: { enabled: true, hour: 6 }, customised: true });
    expect(file('auth/account.json')).toMatchObject({ id: ada.id, email: ada.email, roles: ['user'] });
    expect(file<unknown[]>('auth/sessions.json').length).toBe(1);
    expect(file('auth/api-keys.json')).toEqual([]);
    expect(file<{ id: string; membership: { role: string } }[]>('task/projects.json').map((p) => [p.id, p.membership.role])).toEqual([
      [shared, 'editor'],
      [own, 'owner'],
    ]);
    expect(file<{ id: string }[]>('task/tasks.json').map((t) => t.id)).toEqual([assignedId, created.json<{ id: string }>().id]);
    expect(file<{ body: string }[]>('task/comments.json').map((c) => c.body)).toEqual([`Ada's comment ${tag}`]);
    expect(file<{ kind: string; actorId: string | null }[]>('notification/notifications.json')).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'task.assigned', taskId: assignedId, actorId: bob.id })]),
    );
    expect(file<{ id: string; url: string }[]>('notification/webhooks.json').map((w) => [w.id, w.url])).toEqual([[adaHook.json<{ id: string }>().id, `http://127.0.0.1:9/ada-${tag}`]]);
    const everything = [...texts.values()].join('\n');
    for (const absent of [bob.email, `Bob ${tag} Babbage`, `E2E bob-${tag}`, `bob-${tag}`, adaHook.json<{ secret: string }>().secret]) {
      expect(everything).not.toContain(absent);
    }
  });
});
