import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import {
  type EventEnvelope,
  TASK_PROJECT_CREATED_V1,
  TASK_TASK_ASSIGNED_V1,
  TASK_TASK_STATUS_CHANGED_V1,
  type TaskTaskAssignedV1,
  USER_PREFERENCES_UPDATED_V1,
  type EventContract,
} from '@taskhub/contracts';
import { accessClaims, integrationEnv, signRs256, waitFor } from '@taskhub/platform-testing';
import Redis from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { NotificationHarness, type Person } from './support/notification-harness';
import { type ReceivedRequest, verifierFromDocs, WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(60_000);

const ON = { inApp: true, email: false, webhook: true };
const WEBHOOKS_ON = { 'task.assigned': ON, 'task.status_changed': ON, 'comment.added': ON, 'task.due_soon': ON, 'project.member_added': ON };

interface WebhookBody {
  id: string;
  status: string;
  secret: string;
  previousSecretExpiresAt: string | null;
}
interface DeliveryBody {
  id: string;
  status: string;
  attempts: number;
  responseCode: number | null;
  lastError: string | null;
  requestBody: string;
}

describe('notification-service webhooks', () => {
  let harness: NotificationHarness;
  let receiver: WebhookReceiver;
  const verify = verifierFromDocs();

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    harness = await NotificationHarness.start({
      label: 'notification_webhooks',
      env: {
        WEBHOOK_ALLOW_LOOPBACK: 'true',
        WEBHOOK_RETRY_BASE_DELAY_MS: '50',
        WEBHOOK_RETRY_MAX_DELAY_MS: '200',
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_SENDER_POLL_MS: '50',
        WEBHOOK_TIMEOUT_MS: '5000',
        WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES: '2',
      },
    });
  });

  afterAll(async () => {
    await harness?.close();
    await receiver?.close();
  });

  /** Publishes an event (or `envelope` again) and waits until the webhooks' consumer has applied it. */
  const deliver = async <T extends object>(contract: EventContract<T>, data: T, envelope?: EventEnvelope<T>): Promise<EventEnvelope<T>> => {
    const event = await harness.events.publish(contract, data, envelope);
    await harness.applied([event.id], 'notification.webhooks');
    return event;
  };
  const webhooksOn = async (person: Person): Promise<void> => {
    const event = await harness.events.publish(USER_PREFERENCES_UPDATED_V1, { userId: person.id, version: 1, kinds: WEBHOOKS_ON, digest: { enabled: false, hour: 8 }, quietHours: null });
    await harness.applied([event.id], 'notification.people');
  };
  const createWebhook = async (person: Person, body: Record<string, unknown>): Promise<WebhookBody> => {
    const created = await harness.as(person)<WebhookBody>('POST', '/webhooks', { body });
    expect(created.status).toBe(201);
    return created.body;
  };
  const assignment = (assignee: Person, actor: Person): TaskTaskAssignedV1 => ({
    taskId: uuidv7(),
    projectId: uuidv7(),
    key: 'WEB-7',
    title: 'Fix the login page',
    assigneeIds: [assignee.id],
    assignedBy: actor.id,
  });
  const deliveries = async (person: Person, webhookId: string): Promise<DeliveryBody[]> => {
    const page = await harness.as(person)<{ items: DeliveryBody[] }>('GET', `/webhooks/${webhookId}/deliveries`);
    expect(page.status).toBe(200);
    return page.body.items;
  };
  const settled = (person: Person, webhookId: string, status: string, attempts: number) =>
    waitFor(async () => (await deliveries(person, webhookId)).find((d) => d.status === status && d.attempts === attempts), {
      description: `a delivery of ${webhookId} ${status} after ${attempts} attempt(s)`,
    });
  const signatures = (request: ReceivedRequest) => String(request.headers['taskhub-signature']);

  it("should deliver one correctly signed POST of an assignment to the assignee's webhook, for an event the broker delivers twice", async () => {
    const [actor, assignee, quiet] = [await harness.person('Ada'), await harness.person('Bob'), await harness.person('Cy')];
    await webhooksOn(actor);
    await webhooksOn(assignee);
    const path = `/assigned-${randomUUID()}`;
    const hook = await createWebhook(assignee, { url: receiver.url(path), events: ['task.assigned'] });
    const actorHook = await createWebhook(actor, { url: receiver.url(`${path}-actor`), events: ['task.assigned'] });
    const quietHook = await createWebhook(quiet, { url: receiver.url(`${path}-quiet`), events: ['task.assigned'] }); // webhook channel off (defaults)
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const data = { ...assignment(assignee, actor), assigneeIds: [assignee.id, quiet.id] };
    const event = await deliver(TASK_TASK_ASSIGNED_V1, data);
    await deliver(TASK_TASK_ASSIGNED_V1, data, event); // the same envelope again
    const [delivery] = await settled(assignee, hook.id, 'succeeded', 1).then(() => deliveries(assignee, hook.id));

    expect(receiver.at(path)).toHaveLength(1);
    const [request] = receiver.at(path);
    expect(JSON.parse(request.body)).toEqual({
      id: delivery.id,
      type: 'task.assigned',
      eventId: event.id,
      occurredAt: event.occurredAt,
      webhookId: hook.id,
      projectId: data.projectId,
      actorId: actor.id,
      data,
    });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['taskhub-delivery']).toBe(delivery.id);
    expect(request.headers['taskhub-event']).toBe('task.assigned');
    expect(signatures(request)).toMatch(new RegExp(`^t=${String(request.headers['taskhub-timestamp'])},v1=[0-9a-f]{64}$`));
    expect(verify(hook.secret, request.body, signatures(request))).toBe(true);
    expect(verify(actorHook.secret, request.body, signatures(request))).toBe(false);
    expect(verify(hook.secret, `${request.body} `, signatures(request))).toBe(false);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1, responseCode: 200, lastError: null, requestBody: request.body });
    // nobody is notified of their own action, nor on a webhook whose kind has its channel off
    expect(await deliveries(actor, actorHook.id)).toEqual([]);
    expect(await deliveries(quiet, quietHook.id)).toEqual([]);
    expect(await harness.dataSource.query(`SELECT count(*)::int AS n FROM webhook_delivery WHERE event_id = $1`, [event.id])).toEqual([{ n: 1 }]);
  });

  it('should retry a failing endpoint (500) with backoff, fail after the last attempt, then succeed on redelivery', async () => {
    const [actor, assignee] = [await harness.person(), await harness.person()];
    await webhooksOn(assignee);
    const path = `/failing-${randomUUID()}`;
    receiver.respond(path, 500);
    const hook = await createWebhook(assignee, { url: receiver.url(path), events: ['task.assigned'] });

    await deliver(TASK_TASK_ASSIGNED_V1, assignment(assignee, actor));
    const failed = await settled(assignee, hook.id, 'failed', 3);
    expect(failed).toMatchObject({ responseCode: 500, lastError: 'HTTP 500: 3 attempts made' });
    expect(receiver.at(path).map((r) => r.headers['taskhub-delivery'])).toEqual([failed.id, failed.id, failed.id]);

    receiver.respond(path, 204);
    const redelivered = await harness.as(assignee)<DeliveryBody>('POST', `/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`);
    expect(redelivered.status).toBe(200);
    expect(redelivered.body).toMatchObject({ id: failed.id, status: 'pending' });
    expect(await settled(assignee, hook.id, 'succeeded', 4)).toMatchObject({ id: failed.id, responseCode: 204, lastError: null });
    const last = receiver.at(path)[3];
    expect(last.body).toBe(failed.requestBody);
    expect(verify(hook.secret, last.body, signatures(last))).toBe(true);

    const again = await harness.as(assignee)('POST', `/webhooks/${hook.id}/deliveries/${uuidv7()}/redeliver`);
    expect(again).toMatchObject({ status: 404, body: { code: 'WEBHOOK.DELIVERY_NOT_FOUND' } });
  });

  it('should not retry a 4xx, disable an endpoint after 2 failed deliveries in a row, and tell its owner in the inbox', async () => {
    const [actor, assignee] = [await harness.person(), await harness.person()];
    await webhooksOn(assignee);
    const path = `/gone-${randomUUID()}`;
    receiver.respond(path, 410);
    const hook = await createWebhook(assignee, { url: receiver.url(path), events: ['task.assigned'] });
    const subscriber = new Redis(integrationEnv().redisUrl);
    const announced: unknown[] = [];
    subscriber.on('message', (_channel: string, message: string) => announced.push(JSON.parse(message)));
    await subscriber.subscribe(`${harness.under.service.config.redisKeyPrefix}notifications:user:${assignee.id}`);

    await deliver(TASK_TASK_ASSIGNED_V1, assignment(assignee, actor));
    expect(await settled(assignee, hook.id, 'failed', 1)).toMatchObject({ responseCode: 410, lastError: 'HTTP 410: not retried' });
    await deliver(TASK_TASK_ASSIGNED_V1, assignment(assignee, actor));
    await waitFor(async () => (await harness.as(assignee)<WebhookBody>('GET', `/webhooks/${hook.id}`)).body.status === 'disabled', { description: 'webhook disabled' });
    await deliver(TASK_TASK_ASSIGNED_V1, assignment(assignee, actor));

    expect((await deliveries(assignee, hook.id)).map((d) => [d.status, d.attempts])).toEqual([
      ['failed', 1],
      ['failed', 1],
    ]);
    expect(receiver.at(path)).toHaveLength(2);

    // the three assignments (grouped per task: three rows) and the notice, newest first
    const inbox = await harness.inbox(assignee, (items) => items.some((i) => i.kind === 'webhook.disabled'));
    const notice = inbox.find((i) => i.kind === 'webhook.disabled')!;
    expect(inbox.filter((i) => i.kind === 'webhook.disabled')).toHaveLength(1);
    expect(notice).toMatchObject({ projectId: null, taskId: null, actorId: null, webhookId: hook.id, webhookUrl: receiver.url(path), count: 1, readAt: null });
    await waitFor(() => announced.some((m) => (m as { notificationId: string }).notificationId === notice.id), { description: 'the notice announced on the feed' });
    expect(announced).toContainEqual({ userId: assignee.id, seq: notice.seq, notificationId: notice.id });
    subscriber.disconnect();
  });

  it('should sign with both the new and the old secret during the grace period after a rotation', async () => {
    const [actor, assignee] = [await harness.person(), await harness.person()];
    await webhooksOn(assignee);
    const path = `/rotated-${randomUUID()}`;
    const hook = await createWebhook(assignee, { url: receiver.url(path), events: ['task.assigned'] });
    const rotated = await harness.as(assignee)<WebhookBody>('POST', `/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt!) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    expect((await harness.as(assignee)<Record<string, unknown>>('GET', `/webhooks/${hook.id}`)).body).not.toHaveProperty('secret');

    await deliver(TASK_TASK_ASSIGNED_V1, assignment(assignee, actor));
    await settled(assignee, hook.id, 'succeeded', 1);
    const [request] = receiver.at(path);
    expect(signatures(request)).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(verify(rotated.body.secret, request.body, signatures(request))).toBe(true);
    expect(verify(hook.secret, request.body, signatures(request))).toBe(true);
  });

  it("should let only a project's owner create its webhook, which gets the project's events", async () => {
    const [owner, other, actor] = [await harness.person(), await harness.person(), await harness.person()];
    const projectId = uuidv7();
    await deliver(TASK_PROJECT_CREATED_V1, { projectId, key: 'OPS', name: 'Operations', ownerId: owner.id });
    const path = `/project-${randomUUID()}`;

    const refused = await harness.as(other)('POST', '/webhooks', { body: { url: receiver.url(path), events: ['task.status_changed'], projectId } });
    expect(refused).toMatchObject({ status: 403, body: { code: 'WEBHOOK.NOT_PROJECT_OWNER' } });
    const hook = await createWebhook(owner, { url: receiver.url(path), events: ['task.status_changed'], projectId });

    const data = { taskId: uuidv7(), projectId, key: 'OPS-1', title: 'Rotate the keys', from: 'todo' as const, to: 'in_progress' as const, changedBy: actor.id };
    await deliver(TASK_TASK_STATUS_CHANGED_V1, data);
    await settled(owner, hook.id, 'succeeded', 1);
    expect(receiver.at(path).map((r) => (JSON.parse(r.body) as { type: string; data: unknown }).data)).toEqual([data]);
    expect((await harness.as(other)('GET', `/webhooks/${hook.id}`)).status).toBe(404);
  });

  it('should refuse a webhook to a token whose email_verified claim is false or missing (403 AUTH.EMAIL_NOT_VERIFIED), and create nothing', async () => {
    const person = await harness.person();
    const { jwtKeysDir } = integrationEnv();
    const kid = readdirSync(jwtKeysDir).find((f) => f.endsWith('.private.pem'))!.replace(/\.private\.pem$/, '');
    const tokenWith = (claims: Record<string, unknown>): Record<string, string> => ({
      authorization: `Bearer ${signRs256(jwtKeysDir, kid, { payload: accessClaims(person.id, claims) })}`,
    });
    const body = { url: receiver.url(`/unverified-${randomUUID()}`), events: ['task.assigned'] };

    for (const headers of [tokenWith({ email_verified: false }), tokenWith({ email_verified: undefined })]) {
      const refused = await harness.as(person)('POST', '/webhooks', { body, headers });
      expect(refused).toMatchObject({ status: 403, body: { code: 'AUTH.EMAIL_NOT_VERIFIED' } });
    }
    expect((await harness.as(person)<{ items: unknown[] }>('GET', '/webhooks')).body.items).toEqual([]);
  });
});
