import {
  AUTH_PERSONAL_DATA_EXPORTED_V1,
  NOTIFICATION_PERSONAL_DATA_EXPORTED_V1,
  personalDataPieces,
  TASK_PERSONAL_DATA_EXPORTED_V1,
  USER_DATA_EXPORT_REQUESTED_V1,
} from '@taskhub/contracts';
import { waitFor } from '@taskhub/platform-testing';
import { unzipJson } from './support/unzip';
import { DataExportExpiry } from '../src/personal-data/data-export-expiry';
import { type RegisteredUser, UserHarness } from './support/user-harness';

interface ExportBody {
  id: string;
  status: string;
  parts: { name: string; status: string; receivedAt: string | null }[];
  createdAt: string;
  completedAt: string | null;
  expiresAt: string;
  download: string | null;
  bytes: number | null;
  code?: string;
  details?: { exportId: string };
}

const HOUR_MS = 3_600_000;

jest.setTimeout(60_000);

describe('user-service personal data export (/users/me/export)', () => {
  let users: UserHarness;

  beforeAll(async () => {
    users = await UserHarness.start({ label: 'personal_data_export', env: { USER_DATA_EXPORT_EXPIRY_SCAN_INTERVAL_MS: '0' } });
  });

  afterAll(async () => {
    await users.close();
  });

  const start = (user: RegisteredUser) => users.request<ExportBody>('POST', '/users/me/export', { headers: user.auth });
  const status = (user: RegisteredUser, id: string) => users.request<ExportBody>('GET', `/users/me/export/${id}`, { headers: user.auth });
  const archive = (user: RegisteredUser, id: string) => fetch(`${users.baseUrl}/api/v1/users/me/export/${id}/archive`, { headers: user.auth });
  const untilComplete = (user: RegisteredUser, id: string) =>
    waitFor(async () => (await status(user, id)).body.status === 'complete', { description: `export ${id} complete` });

  /** The three other parts, each as its service would send it. */
  async function sendParts(user: RegisteredUser, exportId: string): Promise<void> {
    const auth = personalDataPieces(exportId, user.id, { account: { email: user.email }, sessions: [], 'api-keys': [] });
    await users.publish(AUTH_PERSONAL_DATA_EXPORTED_V1, auth[0]);
    await users.publish(TASK_PERSONAL_DATA_EXPORTED_V1, personalDataPieces(exportId, user.id, { projects: [], tasks: [], comments: [] })[0]);
    await users.publish(NOTIFICATION_PERSONAL_DATA_EXPORTED_V1, personalDataPieces(exportId, user.id, { notifications: [], webhooks: [] })[0]);
  }

  it('should start an export, announce it to the other services, and refuse a second while it runs', async () => {
    const user = await users.registered();

    const first = await start(user);
    const second = await start(user);

    expect(first.status).toBe(202);
    expect(first.body).toEqual({
      id: first.body.id,
      status: 'running',
      parts: [
        { name: 'auth', status: 'pending', receivedAt: null },
        { name: 'task', status: 'pending', receivedAt: null },
        { name: 'notification', status: 'pending', receivedAt: null },
      ],
      createdAt: first.body.createdAt,
      completedAt: null,
      expiresAt: new Date(Date.parse(first.body.createdAt) + 24 * HOUR_MS).toISOString(),
      download: null,
      bytes: null,
    });
    expect([second.status, second.body.code, second.body.details]).toEqual([409, 'USER.EXPORT_RUNNING', { exportId: first.body.id }]);
    expect((await users.outbox(USER_DATA_EXPORT_REQUESTED_V1.routingKey)).map((e) => e.data).filter((d) => (d as { userId: string }).userId === user.id)).toEqual([
      { exportId: first.body.id, userId: user.id, requestedAt: first.body.createdAt },
    ]);
    expect((await archive(user, first.body.id)).status).toBe(409);
  });

  it('should assemble one archive from parts that arrive out of order, in pieces, and more than once', async () => {
    const user = await users.registered('Ada Lovelace');
    await users.request('PUT', '/users/me/preferences', { headers: user.auth, body: { kinds: {}, digest: { enabled: true, hour: 7 }, quietHours: null } });
    const { body: started } = await start(user);
    const comments = Array.from({ length: 4 }, (_, i) => ({ id: `c${i}`, body: 'x'.repeat(300_000) }));
    const taskPieces = personalDataPieces(started.id, user.id, { projects: [{ id: 'p1', role: 'owner' }], tasks: [], comments });
    const auth = personalDataPieces(started.id, user.id, { account: { email: user.email }, sessions: [{ id: 's1' }], 'api-keys': [] });
    const notification = personalDataPieces(started.id, user.id, { notifications: [{ id: 'n1', actorId: 'a1' }], webhooks: [] });

    expect(taskPieces.length).toBe(3);
    await users.publish(TASK_PERSONAL_DATA_EXPORTED_V1, taskPieces[2]);
    await users.publish(NOTIFICATION_PERSONAL_DATA_EXPORTED_V1, notification[0]);
    await users.publish(TASK_PERSONAL_DATA_EXPORTED_V1, taskPieces[0]);
    const once = await users.publish(TASK_PERSONAL_DATA_EXPORTED_V1, taskPieces[0]); // the same piece again, as a new event
    await users.publish(TASK_PERSONAL_DATA_EXPORTED_V1, taskPieces[0], once); // and the same event again
    await waitFor(async () => (await status(user, started.id)).body.parts.filter((p) => p.status === 'received').length === 1, { description: 'notification received' });
    expect((await status(user, started.id)).body.status).toBe('running');
    await users.publish(AUTH_PERSONAL_DATA_EXPORTED_V1, auth[0]);
    await users.publish(TASK_PERSONAL_DATA_EXPORTED_V1, taskPieces[1]);
    await untilComplete(user, started.id);
    await users.publish(AUTH_PERSONAL_DATA_EXPORTED_V1, auth[0]); // a late copy changes nothing

    const view = (await status(user, started.id)).body;
    const response = await archive(user, started.id);
    const files = await unzipJson(Buffer.from(await response.arrayBuffer()));

    expect(view.parts.map((p) => [p.name, p.status])).toEqual([['auth', 'received'], ['task', 'received'], ['notification', 'received']]);
    expect(view.download).toBe(`/api/v1/users/me/export/${started.id}/archive`);
    expect(view.expiresAt).toBe(new Date(Date.parse(view.completedAt ?? '') + 24 * HOUR_MS).toISOString());
    expect([response.status, response.headers.get('content-type'), Number(response.headers.get('content-length'))]).toEqual([200, 'application/zip', view.bytes]);
    expect(files.get('manifest.json')).toEqual({
      exportId: started.id,
      userId: user.id,
      createdAt: started.createdAt,
      completedAt: view.completedAt,
      parts: {
        user: { preferences: 1, profile: 1 },
        auth: { account: 1, 'api-keys': 0, sessions: 1 },
        task: { comments: 4, projects: 1, tasks: 0 },
        notification: { notifications: 1, webhooks: 0 },
      },
      files: [
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
      ],
    });
    expect(files.get('task/comments.json')).toEqual(comments);
    expect(files.get('user/profile.json')).toMatchObject({ id: user.id, email: user.email, displayName: 'Ada Lovelace' });
    expect(files.get('user/preferences.json')).toMatchObject({ digest: { enabled: true, hour: 7 }, quietHours: null, customised: true });
    expect(files.get('notification/notifications.json')).toEqual([{ id: 'n1', actorId: 'a1' }]);
    expect(await users.dataSource.query(`SELECT count(*)::int AS n FROM personal_data_export_chunk WHERE export_id = $1`, [started.id])).toEqual([{ n: 0 }]);
    expect((await start(user)).status).toBe(202); // the complete one no longer blocks a new one
  });

  it("should answer 404 for someone else's export and drop pieces that claim another person", async () => {
    const owner = await users.registered();
    const other = await users.registered();
    const { body: started } = await start(owner);
    await sendParts(other, started.id); // pieces with the wrong person: dropped
    await sendParts(owner, started.id);
    await untilComplete(owner, started.id);

    const seen = await status(other, started.id);
    const file = await archive(other, started.id);
    const files = await unzipJson(Buffer.from(await (await archive(owner, started.id)).arrayBuffer()));

    expect([seen.status, seen.body.code]).toEqual([404, 'USER.EXPORT_NOT_FOUND']);
    expect(file.status).toBe(404);
    expect(files.get('auth/account.json')).toEqual({ email: owner.email });
  });

  it('should answer 410 once expired and 404 once the sweep has deleted it', async () => {
    const user = await users.registered();
    const { body: started } = await start(user);
    await sendParts(user, started.id);
    await untilComplete(user, started.id);
    await users.dataSource.query(`UPDATE personal_data_export SET expires_at = now() - interval '1 second' WHERE id = $1`, [started.id]);

    const expired = await status(user, started.id);
    const gone = await archive(user, started.id);
    const deleted = await users.under.service.app.get(DataExportExpiry).run();
    const after = await status(user, started.id);

    expect([expired.status, expired.body.status, expired.body.download]).toEqual([200, 'expired', null]);
    expect([gone.status, ((await gone.json()) as { code: string }).code]).toEqual([410, 'USER.EXPORT_EXPIRED']);
    expect(deleted).toBe(1);
    expect(after.status).toBe(404);
    expect(await users.dataSource.query(`SELECT count(*)::int AS n FROM personal_data_export WHERE id = $1`, [started.id])).toEqual([{ n: 0 }]);
  });
});
