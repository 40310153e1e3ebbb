import { joinPersonalDataPart, NOTIFICATION_PERSONAL_DATA_EXPORTED_V1, TASK_TASK_ASSIGNED_V1, TASK_TASK_CREATED_V1, USER_DATA_EXPORT_REQUESTED_V1 } from '@taskhub/contracts';
import { EventTap, waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { NotificationHarness, type Person } from './support/notification-harness';

describe('notification-service personal data export part', () => {
  let harness: NotificationHarness;
  let tap: EventTap;

  beforeAll(async () => {
    harness = await NotificationHarness.start({ label: 'notification_personal_data' });
    tap = await EventTap.open(NOTIFICATION_PERSONAL_DATA_EXPORTED_V1.routingKey, 'notification');
  });

  afterAll(async () => {
    await tap?.close();
    await harness?.close();
  });

  /** A task created by `by` and assigned to `assignee`, as the service learns it. */
  const assign = async (assignee: Person, by: Person): Promise<{ taskId: string; projectId: string }> => {
    const [taskId, projectId] = [uuidv7(), uuidv7()];
    const task = { taskId, projectId, key: 'WEB-1', title: 'Ship it' };
    await harness.deliver(TASK_TASK_CREATED_V1, { ...task, number: 1, status: 'todo', priority: 'none', assigneeIds: [], labelIds: [], parentId: null, dueAt: null, createdBy: by.id });
    await harness.deliver(TASK_TASK_ASSIGNED_V1, { ...task, assigneeIds: [assignee.id], assignedBy: by.id });
    return { taskId, projectId };
  };
  /** A webhook row as the webhooks feature stores it (its secret sealed). */
  const webhook = async (owner: Person, url: string): Promise<string> => {
    const id = uuidv7();
    await harness.dataSource.query(`INSERT INTO webhook (id, owner_id, url, events, secret_sealed) VALUES ($1, $2, $3, $4, 'sealed-secret-never-exported')`, [
      id,
      owner.id,
      url,
      ['task.assigned'],
    ]);
    return id;
  };

  it("should answer an export request with the person's notifications (actors by id) and webhooks (no secret), and nothing of anyone else", async () => {
    const ada = await harness.person('Ada Lovelace');
    const bob = await harness.person('Bob Babbage');
    const { taskId, projectId } = await assign(ada, bob);
    await assign(bob, ada);
    await harness.inbox(ada, (items) => items.length === 1);
    const hook = await webhook(ada, 'https://ada.example.com/hook');
    await webhook(bob, 'https://bob.example.com/hook');
    const exportId = uuidv7();

    await harness.events.publish(USER_DATA_EXPORT_REQUESTED_V1, { exportId, userId: ada.id, requestedAt: new Date().toISOString() });
    const pieces = await tap.waitFor(1, (e) => e.data.exportId === exportId, 'notification part');
    const part = joinPersonalDataPart(pieces.map((p) => p.data.content as string)) as {
      notifications: Record<string, unknown>[];
      webhooks: Record<string, unknown>[];
    };

    expect(pieces[0].data).toMatchObject({ userId: ada.id, chunk: 0, chunkCount: 1 });
    expect(part.notifications).toEqual([
      expect.objectContaining({ kind: 'task.assigned', projectId, taskId, taskKey: 'WEB-1', taskTitle: 'Ship it', actorId: bob.id, count: 1, readAt: null }),
    ]);
    expect(Object.keys(part.notifications[0])).not.toContain('actorName');
    expect(part.webhooks).toEqual([
      expect.objectContaining({ id: hook, url: 'https://ada.example.com/hook', events: ['task.assigned'], status: 'active', failuresInRow: 0, disabledAt: null }),
    ]);
    const text = JSON.stringify(part);
    for (const absent of ['Bob Babbage', 'bob.example.com', 'sealed-secret-never-exported']) expect(text).not.toContain(absent);
    // the notification service now has an outbox, and keeps no personal data in it once published
    await waitFor(
      async () =>
        (await harness.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_event WHERE routing_key = $1`, [NOTIFICATION_PERSONAL_DATA_EXPORTED_V1.routingKey]))[0]
          .n === 0,
      { description: 'the pieces deleted from the outbox once published' },
    );
  });
});
