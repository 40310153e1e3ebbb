import { randomUUID } from 'node:crypto';
import { TASK_TASK_ASSIGNED_V1, type TaskTaskAssignedV1, USER_PREFERENCES_UPDATED_V1 } from '@taskhub/contracts';
import { waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { NotificationHarness, type Person } from './support/notification-harness';
import { WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(60_000);

const ON = { inApp: true, email: false, webhook: true };
const WEBHOOKS_ON = { 'task.assigned': ON, 'task.status_changed': ON, 'comment.added': ON, 'task.due_soon': ON, 'project.member_added': ON };
const FLOOD = 12;
const PER_ENDPOINT = 2;

/** Issue 12: a flood of webhooks to a slow endpoint cannot delay anyone's inbox, nor another endpoint's deliveries. */
describe('notification-service webhook priority', () => {
  let harness: NotificationHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    harness = await NotificationHarness.start({
      label: 'notif_priority',
      env: {
        WEBHOOK_ALLOW_LOOPBACK: 'true',
        WEBHOOK_SENDER_CONCURRENCY: '4',
        WEBHOOK_SENDER_PER_ENDPOINT_CONCURRENCY: String(PER_ENDPOINT),
        WEBHOOK_SENDER_POLL_MS: '50',
        WEBHOOK_TIMEOUT_MS: '60000', // the held requests must not time out while the test looks at them
      },
    });
  });

  afterAll(async () => {
    await harness?.close();
    await receiver?.close();
  });

  const webhooksOn = async (person: Person): Promise<void> => {
    const event = await harness.events.publish(USER_PREFERENCES_UPDATED_V1, { userId: person.id, version: 1, kinds: WEBHOOKS_ON, digest: { enabled: false, hour: 8 }, quietHours: null });
    await harness.applied([event.id], 'notification.people');
  };
  const createWebhook = async (person: Person, url: string): Promise<string> => {
    const created = await harness.as(person)<{ id: string }>('POST', '/webhooks', { body: { url, events: ['task.assigned'] } });
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const assignment = (assignee: Person, actor: Person, title: string): TaskTaskAssignedV1 => ({
    taskId: uuidv7(),
    projectId: uuidv7(),
    key: 'PRI-1',
    title,
    assigneeIds: [assignee.id],
    assignedBy: actor.id,
  });
  const statuses = async (webhookId: string): Promise<Record<string, number>> => {
    const rows = await harness.dataSource.query<{ status: string; n: number }[]>(
      `SELECT status, count(*)::int AS n FROM webhook_delivery WHERE webhook_id = $1 GROUP BY status`,
      [webhookId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  };

  it("should show an assignment in the inbox and deliver to another endpoint while a slow endpoint holds a flood of deliveries", async () => {
    const [actor, slow, other, bob] = [await harness.person('Ada'), await harness.person('Slow'), await harness.person('Other'), await harness.person('Bob')];
    await webhooksOn(slow);
    await webhooksOn(other);
    const slowPath = `/slow-${randomUUID()}`;
    const otherPath = `/other-${randomUUID()}`;
    receiver.hold(slowPath);
    const slowHook = await createWebhook(slow, receiver.url(slowPath));
    const otherHook = await createWebhook(other, receiver.url(otherPath));

    const flood = [];
    for (let i = 0; i < FLOOD; i += 1) flood.push(await harness.events.publish(TASK_TASK_ASSIGNED_V1, assignment(slow, actor, `flood ${i}`)));
    await harness.applied(flood.map((e) => e.id), 'notification.webhooks');
    await waitFor(() => receiver.held(slowPath) === PER_ENDPOINT, { description: `${PER_ENDPOINT} requests held by the slow endpoint` });

    // another endpoint still gets its delivery: the slow one has only its per-endpoint share of the sender's slots
    await harness.events.publish(TASK_TASK_ASSIGNED_V1, assignment(other, actor, 'to the other endpoint'));
    await waitFor(async () => (await statuses(otherHook)).succeeded === 1, { description: 'the other endpoint delivered' });
    expect(receiver.at(otherPath)).toHaveLength(1);

    // and the inbox is not behind the webhooks at all
    const event = await harness.events.publish(TASK_TASK_ASSIGNED_V1, assignment(bob, actor, 'Fix the login page'));
    const [item] = await harness.inbox(bob, (items) => items.length === 1);
    expect(item).toMatchObject({ kind: 'task.assigned', taskId: event.data.taskId, taskTitle: 'Fix the login page', actorId: actor.id, count: 1 });

    expect(receiver.held(slowPath)).toBe(PER_ENDPOINT);
    expect(receiver.at(slowPath)).toHaveLength(PER_ENDPOINT);
    expect(await statuses(slowHook)).toEqual({ pending: FLOOD });

    receiver.release(slowPath);
    await waitFor(async () => (await statuses(slowHook)).succeeded === FLOOD, { description: 'the flood delivered once released' });
    expect(receiver.at(slowPath)).toHaveLength(FLOOD);
  });
});
