import { randomUUID } from 'node:crypto';
import { AUTH_USER_DISABLED_V1, AUTH_USER_PROFILE_ERASURE_REQUESTED_V1, AUTH_USER_REGISTERED_V1, USER_PROFILE_ERASED_V1 } from '@taskhub/contracts';
import { tablesMentioning, waitFor } from '@taskhub/platform-testing';
import { UserHarness } from './support/user-harness';

describe('user-service profile erasure (account deletion step)', () => {
  let users: UserHarness;

  beforeAll(async () => {
    users = await UserHarness.start({ label: 'user_erasure' });
  });

  afterAll(async () => {
    await users?.close();
  });

  const applied = (id: string) =>
    waitFor(async () => (await users.dataSource.query<unknown[]>(`SELECT 1 FROM inbox_event WHERE event_id = $1`, [id])).length === 1, { description: `event ${id} applied` });
  const mentioning = (needles: string[]) => tablesMentioning((sql, p) => users.dataSource.query(sql, p), needles);
  /** The reports of a deletion in the outbox, each with the request that caused it (a published one may be gone). */
  const reportsOf = async (deletionId: string) =>
    (await users.outbox(USER_PROFILE_ERASED_V1.routingKey))
      .filter((e) => (e.data as { deletionId: string }).deletionId === deletionId)
      .map((e) => ({ ...e.data, erasedAt: 'at', causedBy: e.causationId }));

  it('should erase the profile and preferences, drop it from the cache, and report once per request', async () => {
    const ada = await users.registered(`Ada Erasable ${randomUUID().slice(0, 8)}`);
    const preferences = { kinds: {}, digest: { enabled: true, hour: 7 }, quietHours: { start: '22:00', end: '07:00' } };
    expect((await users.request('PUT', '/users/me/preferences', { headers: ada.auth, body: preferences })).status).toBe(200);
    expect(await users.dataSource.query(`SELECT count(*)::int AS n FROM preferences WHERE user_id = $1`, [ada.id])).toEqual([{ n: 1 }]);
    expect((await users.request('GET', `/users/${ada.id}`, { headers: ada.auth })).status).toBe(200); // cached now
    expect((await users.request('POST', '/users/me/export', { headers: ada.auth })).status).toBe(202); // a running export
    expect(Object.keys(await mentioning([ada.email, ada.displayName]))).toEqual(expect.arrayContaining(['outbox_event', 'profile']));

    const deletionId = randomUUID();
    const request = await users.publish(AUTH_USER_PROFILE_ERASURE_REQUESTED_V1, { deletionId, userId: ada.id, requestedAt: new Date().toISOString() });
    await applied(request.id);

    expect(await mentioning([ada.email, ada.displayName])).toEqual({});
    expect((await users.request('GET', `/users/${ada.id}`, { headers: users.auth(randomUUID()) })).status).toBe(404);
    expect(await users.dataSource.query(`SELECT count(*)::int AS n FROM preferences WHERE user_id = $1`, [ada.id])).toEqual([{ n: 0 }]);
    expect(await users.dataSource.query(`SELECT count(*)::int AS n FROM personal_data_export WHERE user_id = $1`, [ada.id])).toEqual([{ n: 0 }]);
    expect(await reportsOf(deletionId)).toEqual([{ deletionId, userId: ada.id, erasedAt: 'at', causedBy: request.id }]);

    const replay = await users.publish(AUTH_USER_PROFILE_ERASURE_REQUESTED_V1, { deletionId, userId: ada.id, requestedAt: new Date().toISOString() });
    await applied(replay.id);
    // reported again (the first report, if published by now, went with the other published rows about the person)
    expect((await reportsOf(deletionId)).map((r) => r.causedBy)).toContain(replay.id);
  });

  it('should not bring an erased profile back on late account events', async () => {
    const bo = await users.registered(`Bo Late ${randomUUID().slice(0, 8)}`);
    await applied((await users.publish(AUTH_USER_PROFILE_ERASURE_REQUESTED_V1, { deletionId: randomUUID(), userId: bo.id, requestedAt: new Date().toISOString() })).id);

    await applied((await users.publish(AUTH_USER_REGISTERED_V1, { userId: bo.id, email: bo.email, displayName: bo.displayName })).id);
    await applied((await users.publish(AUTH_USER_DISABLED_V1, { userId: bo.id, disabledAt: new Date().toISOString(), disabledBy: randomUUID() })).id);

    expect(await mentioning([bo.email, bo.displayName])).toEqual({});
    expect(await users.dataSource.query(`SELECT count(*)::int AS n FROM profile WHERE id = $1`, [bo.id])).toEqual([{ n: 0 }]);
  });
});
