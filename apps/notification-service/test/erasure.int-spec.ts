import { randomUUID } from 'node:crypto';
import {
  AUTH_USER_DELETION_REQUESTED_V1,
  AUTH_USER_REGISTERED_V1,
  NOTIFICATION_PERSON_ERASED_V1,
  TASK_TASK_ASSIGNED_V1,
  TASK_TASK_CREATED_V1,
  USER_PREFERENCES_UPDATED_V1,
  USER_PROFILE_UPDATED_V1,
} from '@taskhub/contracts';
import { tablesMentioning, waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { NotificationHarness, type Person } from './support/notification-harness';

jest.setTimeout(60_000);

/** Every channel on for every kind: the assignment makes a notification, an e-mail and a webhook delivery. */
const ON = { inApp: true, email: true, webhook: true };
const ALL_ON = { 'task.assigned': ON, 'task.status_changed': ON, 'comment.added': ON, 'task.due_soon': ON, 'project.member_added': ON };

describe('notification-service erasure (account deletion step)', () => {
  let harness: NotificationHarness;

  beforeAll(async () => {
    harness = await NotificationHarness.start({ label: 'notification_erasure', env: { WEBHOOK_ALLOW_LOOPBACK: 'true' } });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const emailOf = (p: Person): string => `${p.id}@example.test`;
  const allOn = async (p: Person): Promise<void> => {
    const e = await harness.events.publish(USER_PREFERENCES_UPDATED_V1, { userId: p.id, version: 1, kinds: ALL_ON, digest: { enabled: false, hour: 8 }, quietHours: null });
    await harness.applied([e.id], 'notification.people');
  };
  /** `by` assigns `to` a new task: a notification (actor: by's name), an e-mail and a webhook delivery for `to`. */
  const assign = async (by: Person, to: Person): Promise<void> => {
    const [taskId, projectId] = [uuidv7(), uuidv7()];
    await harness.deliver(TASK_TASK_CREATED_V1, {
      taskId,
      projectId,
      number: 1,
      key: 'ERA-1',
      title: 'Tidy up',
      status: 'todo',
      priority: 'none',
      assigneeIds: [],
      labelIds: [],
      parentId: null,
      dueAt: null,
      createdBy: by.id,
    });
    await harness.deliver(TASK_TASK_ASSIGNED_V1, { taskId, projectId, key: 'ERA-1', title: 'Tidy up', assigneeIds: [to.id], assignedBy: by.id });
    await harness.inbox(to, (items) => items.some((i) => i.taskId === taskId));
  };
  const request = async (deletionId: string, person: Person) => {
    const event = await harness.events.publish(AUTH_USER_DELETION_REQUESTED_V1, { deletionId, userId: person.id, requestedAt: new Date().toISOString() });
    await harness.applied([event.id], 'notification.erasure');
    return event;
  };

  it("should delete the person's notifications, webhooks, e-mails and address, anonymise them in others' data, and report once per request", async () => {
    const erin = await harness.person(`Erin Erasable ${randomUUID().slice(0, 8)}`);
    const olga = await harness.person(`Olga Other ${randomUUID().slice(0, 8)}`);
    await allOn(erin);
    await allOn(olga);
    const hook = await harness.as(erin)<{ id: string }>('POST', '/webhooks', { body: { url: 'http://127.0.0.1:9/erin-hook', events: ['task.assigned'] } });
    expect(hook.status).toBe(201);
    await assign(olga, erin); // Erin's own notification
    await assign(erin, olga); // Olga's, naming Erin as the actor
    await waitFor(async () => Object.keys(await tablesMentioning((sql, p) => harness.dataSource.query(sql, p), [emailOf(erin)])).includes('email'), { description: "an e-mail to Erin's address" });
    const needles = [emailOf(erin), erin.displayName];
    expect(Object.keys(await tablesMentioning((sql, p) => harness.dataSource.query(sql, p), needles)).sort()).toEqual(expect.arrayContaining(['email', 'notification', 'person']));

    const deletionId = randomUUID();
    const first = await request(deletionId, erin);

    expect(await tablesMentioning((sql, p) => harness.dataSource.query(sql, p), needles)).toEqual({});
    for (const [table, column] of [['notification', 'user_id'], ['webhook', 'owner_id'], ['email', 'user_id'], ['person_preferences', 'user_id']]) {
      expect([table, await harness.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [erin.id])]).toEqual([table, [{ n: 0 }]]);
    }
    const olgas = await harness.inbox(olga, (items) => items.length === 1);
    expect(olgas[0].actorName).toBe('Deleted user');
    expect(await harness.dataSource.query(`SELECT display_name, email, timezone, locale, status, erased_at IS NOT NULL AS erased FROM person WHERE id = $1`, [erin.id])).toEqual([
      { display_name: null, email: null, timezone: null, locale: null, status: 'disabled', erased: true },
    ]);
    const reports = async () =>
      (await harness.under.outbox(NOTIFICATION_PERSON_ERASED_V1.routingKey))
        .filter((e) => (e.data as { deletionId: string }).deletionId === deletionId)
        .map((e) => ({ ...e.data, erasedAt: 'at', causedBy: e.causationId }));
    expect(await reports()).toEqual([{ deletionId, userId: erin.id, erasedAt: 'at', causedBy: first.id }]);

    // a replay of the request (an operator's resume) finds nothing left and reports again (the first report, if
    // published by now, went with the other published rows about the person)
    const replay = await request(deletionId, erin);
    expect((await reports()).map((r) => r.causedBy)).toContain(replay.id);
    expect(await tablesMentioning((sql, p) => harness.dataSource.query(sql, p), needles)).toEqual({});
  });

  it('should keep an erased person erased when late events about them arrive', async () => {
    const fay = await harness.person(`Fay Late ${randomUUID().slice(0, 8)}`);
    await request(randomUUID(), fay);

    await harness.deliver(USER_PROFILE_UPDATED_V1, { userId: fay.id, version: 2, displayName: fay.displayName, avatarUrl: null, timezone: 'UTC', locale: 'en', status: 'active', changed: ['displayName'] });
    await harness.deliver(AUTH_USER_REGISTERED_V1, { userId: fay.id, email: emailOf(fay), displayName: fay.displayName });
    await harness.deliver(USER_PREFERENCES_UPDATED_V1, { userId: fay.id, version: 3, kinds: ALL_ON, digest: { enabled: false, hour: 8 }, quietHours: null });

    expect(await tablesMentioning((sql, p) => harness.dataSource.query(sql, p), [emailOf(fay), fay.displayName])).toEqual({});
    expect(await harness.dataSource.query(`SELECT count(*)::int AS n FROM person_preferences WHERE user_id = $1`, [fay.id])).toEqual([{ n: 0 }]);
  });
});
