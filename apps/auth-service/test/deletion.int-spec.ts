import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  AUTH_USER_DELETION_REQUESTED_V1,
  AUTH_USER_PROFILE_ERASURE_REQUESTED_V1,
  NOTIFICATION_PERSON_ERASED_V1,
  TASK_PERSON_ERASED_V1,
  USER_PROFILE_ERASED_V1,
} from '@taskhub/contracts';
import { integrationEnv, TestEventPublisher, waitFor } from '@taskhub/platform-testing';
import { DeletionMaintenanceJob } from '../src/deletions/deletion-maintenance.job';
import { AuthHarness, bearer, type NewAccount } from './support/auth-harness';

const exec = promisify(execFile);
const CLI = path.resolve(__dirname, '../../../dist/apps/auth-service/src/auth-admin.js');

interface StepBody {
  name: string;
  status: string;
  startedAt: string | null;
  completedAt: string | null;
  attempts: number;
}
interface DeletionBody {
  deletionId: string;
  userId?: string;
  status: string;
  requestedAt: string;
  completedAt: string | null;
  steps: StepBody[];
}

jest.setTimeout(60_000);

describe('auth-service account deletion saga', () => {
  let auth: AuthHarness;
  let events: TestEventPublisher;
  let adminAuth: Record<string, string>;

  beforeAll(async () => {
    events = await TestEventPublisher.connect(integrationEnv().rabbitmqUrl);
    await events.purgeQueue('auth.deletions');
    // the stuck threshold is 1 s, the maintenance runs only when the spec ticks it
    auth = await AuthHarness.start({ label: 'auth_deletion', env: { AUTH_DELETION_STUCK_AFTER_SECONDS: '1', AUTH_DELETION_MAINTENANCE_INTERVAL_SECONDS: '0' } });
    const admin = await auth.signedIn('admin');
    await auth.grantAdmin(admin.account.id);
    adminAuth = bearer((await auth.login(admin.account)).accessToken);
  });

  afterAll(async () => {
    await events?.close();
    await auth?.close();
  });

  const requestDeletion = (headers: Record<string, string>, password: string) => auth.api<DeletionBody & { code?: string }>('DELETE', '/users/me', { password }, headers);
  const statusOf = (id: string) => auth.api<DeletionBody & { code?: string }>('GET', `/users/me/deletion/${id}`);
  const stepStates = (body: DeletionBody): Record<string, string> => Object.fromEntries(body.steps.map((s) => [s.name, s.status]));
  const report = { erasedAt: '2026-12-05T12:00:00.000Z' };

  /** A signed-in account whose deletion has been requested. */
  async function deleted(label: string): Promise<{ account: NewAccount; deletion: DeletionBody; oldAuth: Record<string, string> }> {
    const { account, auth: oldAuth } = await auth.signedIn(label);
    const response = await requestDeletion(oldAuth, account.password);
    expect(response.status).toBe(202);
    return { account, deletion: response.body, oldAuth };
  }

  it('should refuse a wrong password with 401 and change nothing', async () => {
    const { account, auth: headers } = await auth.signedIn('wrong');

    const response = await requestDeletion(headers, 'not the password at all');

    expect(response.status).toBe(401);
    expect(response.body.code).toBe('AUTH.INVALID_CREDENTIALS');
    expect((await auth.get('/me', headers)).status).toBe(200);
    expect(await auth.dataSource.query(`SELECT count(*)::int AS n FROM account_deletion WHERE user_id = $1`, [account.id])).toEqual([{ n: 0 }]);
  });

  it("should refuse an API key's token with 403: deleting the account needs a login session", async () => {
    const { account, auth: session } = await auth.signedIn('keyed');
    const { key } = (await auth.post<{ key: string }>('/api-keys', { name: 'bot', scopes: ['read', 'write'] }, session)).body;
    const keyToken = bearer((await auth.post<{ accessToken: string }>('/token', { apiKey: key })).body.accessToken);

    const response = await requestDeletion(keyToken, account.password);

    expect(response.status).toBe(403);
    expect((await auth.get('/me', session)).status).toBe(200);
    expect(await auth.dataSource.query(`SELECT count(*)::int AS n FROM account_deletion WHERE user_id = $1`, [account.id])).toEqual([{ n: 0 }]);
  });

  it('should disable the account, end every session and announce the deletion in one go, answering 202 with the steps', async () => {
    const { account, auth: headers } = await auth.signedIn('started');
    const other = await auth.login(account); // a second session of the same account

    const response = await requestDeletion(headers, account.password);

    expect(response.status).toBe(202);
    const { deletionId } = response.body;
    expect(deletionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(response.body).toEqual({
      deletionId,
      status: 'running',
      requestedAt: expect.any(String) as unknown,
      completedAt: null,
      steps: [
        { name: 'credentials', status: 'completed', startedAt: response.body.requestedAt, completedAt: response.body.requestedAt, attempts: 1 },
        { name: 'task', status: 'pending', startedAt: response.body.requestedAt, completedAt: null, attempts: 1 },
        { name: 'notification', status: 'pending', startedAt: response.body.requestedAt, completedAt: null, attempts: 1 },
        { name: 'profile', status: 'waiting', startedAt: null, completedAt: null, attempts: 0 },
        { name: 'account', status: 'waiting', startedAt: null, completedAt: null, attempts: 0 },
      ],
    });
    expect((await auth.get('/me', headers)).status).toBe(401);
    expect((await auth.get('/me', bearer(other.accessToken))).status).toBe(401);
    expect((await auth.post('/login', { email: account.email, password: account.password })).status).toBe(401);
    expect(await auth.dataSource.query(`SELECT status FROM account WHERE id = $1`, [account.id])).toEqual([{ status: 'disabled' }]);
    const announced = (await auth.outbox(AUTH_USER_DELETION_REQUESTED_V1.routingKey)).filter((e) => e.data.deletionId === deletionId);
    expect(announced.map((e) => e.data)).toEqual([{ deletionId, userId: account.id, requestedAt: response.body.requestedAt }]);
    expect((await statusOf(deletionId)).body).toEqual(response.body);
  });

  it('should answer a second request while one runs with the running deletion', async () => {
    const { account, auth: headers } = await auth.signedIn('twice');

    const [first, second] = await Promise.all([requestDeletion(headers, account.password), requestDeletion(headers, account.password)]);

    // the second either finds the first's deletion running (202, the same id) or arrives after its token was revoked (401)
    for (const r of [first, second]) expect([202, 401]).toContain(r.status);
    expect(first.status === 202 || second.status === 202).toBe(true);
    const ids = [first, second].filter((r) => r.status === 202).map((r) => r.body.deletionId);
    expect(new Set(ids).size).toBe(1);
    expect(await auth.dataSource.query(`SELECT count(*)::int AS n FROM account_deletion WHERE user_id = $1`, [account.id])).toEqual([{ n: 1 }]);
  });

  it('should ask for the profile once both task and notification reported, however often they report, then complete and erase the account', async () => {
    const { account, deletion } = await deleted('saga');
    const data = { deletionId: deletion.deletionId, userId: account.id, ...report };

    const notified = await events.publish(NOTIFICATION_PERSON_ERASED_V1, data);
    await events.publish(NOTIFICATION_PERSON_ERASED_V1, data, notified); // a redelivery
    await events.publish(NOTIFICATION_PERSON_ERASED_V1, data); // a replay under a new event id
    await waitFor(async () => stepStates((await statusOf(deletion.deletionId)).body).notification === 'completed', { description: 'the notification step done' });
    expect(stepStates((await statusOf(deletion.deletionId)).body)).toEqual({ credentials: 'completed', task: 'pending', notification: 'completed', profile: 'waiting', account: 'waiting' });

    await events.publish(TASK_PERSON_ERASED_V1, data);
    await waitFor(async () => stepStates((await statusOf(deletion.deletionId)).body).profile === 'pending', { description: 'the profile erasure asked' });
    await events.publish(TASK_PERSON_ERASED_V1, data); // a replay changes nothing: the profile is asked once
    await waitFor(async () => (await auth.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM inbox_event WHERE routing_key = $1`, [TASK_PERSON_ERASED_V1.routingKey]))[0].n >= 2, {
      description: 'the replayed task report applied',
    });
    const asked = (await auth.outbox(AUTH_USER_PROFILE_ERASURE_REQUESTED_V1.routingKey)).filter((e) => e.data.deletionId === deletion.deletionId);
    expect(asked.map((e) => ({ ...e.data, requestedAt: 'at' }))).toEqual([{ deletionId: deletion.deletionId, userId: account.id, requestedAt: 'at' }]);

    await events.publish(USER_PROFILE_ERASED_V1, data);
    const done = await waitFor(
      async () => {
        const body = (await statusOf(deletion.deletionId)).body;
        return body.status === 'completed' && body;
      },
      { description: 'the deletion completed' },
    );

    expect(done.steps.map((s) => [s.name, s.status])).toEqual([
      ['credentials', 'completed'],
      ['task', 'completed'],
      ['notification', 'completed'],
      ['profile', 'completed'],
      ['account', 'completed'],
    ]);
    expect(done.steps.find((s) => s.name === 'notification')?.completedAt).toBe(report.erasedAt);
    expect(await auth.dataSource.query(`SELECT email, display_name, password_hash, status FROM account WHERE id = $1`, [account.id])).toEqual([
      { email: `deleted-${account.id}@invalid`, display_name: '', password_hash: '', status: 'disabled' },
    ]);
    for (const table of ['session', 'api_key', 'password_reset']) {
      expect([table, await auth.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE account_id = $1`, [account.id])]).toEqual([table, [{ n: 0 }]]);
    }
    expect(await auth.dataSource.query(`SELECT routing_key, status, body FROM outbox_event WHERE body LIKE $1 OR body LIKE $2`, [`%${account.email}%`, `%${account.displayName}%`])).toEqual([]);
    expect((await auth.post('/login', { email: account.email, password: account.password })).status).toBe(401);
  });

  it('should ignore a report for another person, or for a deletion it does not know', async () => {
    const { account, deletion } = await deleted('stranger');
    const stranger = await events.publish(TASK_PERSON_ERASED_V1, { deletionId: deletion.deletionId, userId: randomUUID(), ...report });
    const unknown = await events.publish(TASK_PERSON_ERASED_V1, { deletionId: randomUUID(), userId: account.id, ...report });

    await waitFor(async () => (await auth.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM inbox_event WHERE event_id = ANY($1)`, [[stranger.id, unknown.id]]))[0].n === 2, {
      description: 'both reports consumed',
    });
    expect(stepStates((await statusOf(deletion.deletionId)).body).task).toBe('pending');
  });

  it('should answer 404 for an unknown deletion and 400 for a malformed id, without a token', async () => {
    const unknown = await statusOf('5b0c3f0e-8a5e-4c61-9a3e-0f3f3c1f9d2a');
    const malformed = await statusOf('not-a-uuid');

    expect([unknown.status, unknown.body.code]).toEqual([404, 'DELETION.NOT_FOUND']);
    expect(malformed.status).toBe(400);
  });

  it('should show deletions to admins only, with the account id', async () => {
    const { account, deletion } = await deleted('admin-view');
    const user = await auth.signedIn('nosy');

    const one = await auth.get<DeletionBody>(`/admin/deletions/${deletion.deletionId}`, adminAuth);
    const list = await auth.get<{ items: DeletionBody[]; nextCursor: string | null }>('/admin/deletions?limit=100', adminAuth);
    const refused = await auth.get(`/admin/deletions/${deletion.deletionId}`, user.auth);

    expect(one.status).toBe(200);
    expect(one.body).toEqual({ ...deletion, userId: account.id });
    expect(list.body.items[0]).toEqual({ ...deletion, userId: account.id });
    expect(refused.status).toBe(403);
  });

  it('should count a deletion stuck, and resume it by the admin route and by auth-admin, asking again only the steps not done', async () => {
    const { account, deletion } = await deleted('stuck');
    const data = { deletionId: deletion.deletionId, userId: account.id, ...report };
    await events.publish(TASK_PERSON_ERASED_V1, data);
    await waitFor(async () => stepStates((await statusOf(deletion.deletionId)).body).task === 'completed', { description: 'the task step done' });
    const job = auth.service.app.get(DeletionMaintenanceJob);
    const stuck = async (): Promise<number> => {
      await job.tick();
      const metrics = await (await fetch(`${auth.baseUrl}/metrics`)).text();
      return Number(/^account_deletions_stuck\{[^}]*\} (\d+)$/m.exec(metrics)?.[1]);
    };
    const running = async (): Promise<number> => (await auth.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM account_deletion WHERE status = 'running'`))[0].n;
    await waitFor(async () => (await stuck()) === (await running()), { description: 'every running deletion counted stuck (threshold 1 s)' });

    const resumed = await auth.post<DeletionBody>(`/admin/deletions/${deletion.deletionId}/resume`, undefined, adminAuth);

    expect(resumed.status).toBe(200);
    expect(resumed.body.steps.map((s) => [s.name, s.status, s.attempts])).toEqual([
      ['credentials', 'completed', 1],
      ['task', 'completed', 1],
      ['notification', 'pending', 2],
      ['profile', 'waiting', 0],
      ['account', 'waiting', 0],
    ]);
    const requests = (await auth.outbox(AUTH_USER_DELETION_REQUESTED_V1.routingKey)).filter((e) => e.data.deletionId === deletion.deletionId);
    expect(requests.length).toBe(2);

    await events.publish(NOTIFICATION_PERSON_ERASED_V1, data);
    await waitFor(async () => stepStates((await statusOf(deletion.deletionId)).body).profile === 'pending', { description: 'the profile erasure asked' });
    const { databaseUrl } = auth.service.config;
    const { stdout } = await exec(process.execPath, [CLI, 'deletion', 'resume', deletion.deletionId], { env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: databaseUrl } });

    expect(stdout.trim()).toBe(`deletion ${deletion.deletionId}: asked again for profile`);
    const profile = (await statusOf(deletion.deletionId)).body.steps.find((s) => s.name === 'profile');
    expect([profile?.status, profile?.attempts]).toEqual(['pending', 2]);
    expect((await auth.outbox(AUTH_USER_PROFILE_ERASURE_REQUESTED_V1.routingKey)).filter((e) => e.data.deletionId === deletion.deletionId).length).toBe(2);

    await events.publish(USER_PROFILE_ERASED_V1, data);
    await waitFor(async () => (await statusOf(deletion.deletionId)).body.status === 'completed', { description: 'the deletion completed' });
    const again = await auth.post<{ code: string }>(`/admin/deletions/${deletion.deletionId}/resume`, undefined, adminAuth);
    expect([again.status, again.body.code]).toEqual([409, 'DELETION.NOT_RUNNING']);
  });

  it('should purge completed deletions once they are older than the retention', async () => {
    const { account, deletion } = await deleted('purged');
    const data = { deletionId: deletion.deletionId, userId: account.id, ...report };
    await events.publish(TASK_PERSON_ERASED_V1, data);
    await events.publish(NOTIFICATION_PERSON_ERASED_V1, data);
    await waitFor(async () => stepStates((await statusOf(deletion.deletionId)).body).profile === 'pending', { description: 'the profile erasure asked' });
    await events.publish(USER_PROFILE_ERASED_V1, data);
    await waitFor(async () => (await statusOf(deletion.deletionId)).body.status === 'completed', { description: 'the deletion completed' });

    await auth.service.app.get(DeletionMaintenanceJob).tick();
    expect((await statusOf(deletion.deletionId)).status).toBe(200); // within 30 days: kept
    await auth.dataSource.query(`UPDATE account_deletion SET completed_at = now() - interval '31 days' WHERE id = $1`, [deletion.deletionId]);
    await auth.service.app.get(DeletionMaintenanceJob).tick();

    expect((await statusOf(deletion.deletionId)).status).toBe(404);
  });
});
