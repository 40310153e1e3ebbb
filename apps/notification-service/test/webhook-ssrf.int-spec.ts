import { randomUUID } from 'node:crypto';
import { TASK_TASK_ASSIGNED_V1, USER_PREFERENCES_UPDATED_V1 } from '@taskhub/contracts';
import { waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { SecretBox } from '../src/webhooks/security/secret-box';
import { NotificationHarness } from './support/notification-harness';
import { WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(60_000);

const ON = { inApp: true, email: false, webhook: true };

/** The SSRF guard with the production rule (WEBHOOK_ALLOW_LOOPBACK unset): loopback refused like any internal address. */
describe('notification-service webhooks: SSRF guard', () => {
  let harness: NotificationHarness;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    harness = await NotificationHarness.start({ label: 'notification_webhook_ssrf', env: { WEBHOOK_SENDER_POLL_MS: '50' } });
  });

  afterAll(async () => {
    await harness?.close();
    await receiver?.close();
  });

  it.each([
    ['a private address', 'https://10.0.0.1/hooks', { host: '10.0.0.1', address: '10.0.0.1', range: 'private' }],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/', { host: '169.254.169.254', address: '169.254.169.254', range: 'metadata' }],
    ['a link-local address', 'https://169.254.10.1/', { host: '169.254.10.1', address: '169.254.10.1', range: 'link-local' }],
    ['loopback', 'http://127.0.0.1:8080/hooks', { host: '127.0.0.1', address: '127.0.0.1', range: 'loopback' }],
    ['IPv6 loopback', 'http://[::1]:8080/hooks', { host: '[::1]', address: '::1', range: 'loopback' }],
    ['an IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/', { host: '[::ffff:7f00:1]', address: '::ffff:7f00:1', range: 'loopback' }],
    ['the unique-local metadata address', 'https://[fd00:ec2::254]/', { host: '[fd00:ec2::254]', address: 'fd00:ec2::254', range: 'metadata' }],
    ['a name that resolves to loopback', 'http://localhost:8080/hooks', { host: 'localhost', range: 'loopback' }],
    ["GCP's metadata name", 'http://metadata.google.internal/computeMetadata/v1/', { host: 'metadata.google.internal', range: 'metadata' }],
  ])('should refuse a webhook URL at %s with 422 WEBHOOK.ADDRESS_FORBIDDEN', async (_, url, details) => {
    const person = await harness.person();
    const answer = await harness.as(person)<{ code: string; details: Record<string, string> }>('POST', '/webhooks', { body: { url, events: ['task.assigned'] } });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('WEBHOOK.ADDRESS_FORBIDDEN');
    expect(answer.body.details).toMatchObject(details);
    expect(await harness.dataSource.query(`SELECT id FROM webhook WHERE owner_id = $1`, [person.id])).toEqual([]);
  });

  it.each([
    ['not a URL', 'hooks.example.com/x', 'WEBHOOK.URL_INVALID', 400],
    ['another scheme', 'ftp://hooks.example.com/x', 'WEBHOOK.URL_INVALID', 400],
    ['credentials in the URL', 'https://user:pw@hooks.example.com/x', 'WEBHOOK.URL_INVALID', 400],
    ['a host without an address', `https://${randomUUID()}.invalid/x`, 'WEBHOOK.HOST_UNRESOLVABLE', 422],
  ])('should refuse %s', async (_, url, code, status) => {
    const person = await harness.person();
    expect(await harness.as(person)('POST', '/webhooks', { body: { url, events: ['task.assigned'] } })).toMatchObject({ status, body: { code } });
  });

  it('should check the address again when delivering, and not connect to a forbidden one', async () => {
    // a host name that passed the check once and resolves inward now (DNS rebinding), written as the service would have
    const [actor, assignee] = [await harness.person(), await harness.person()];
    const prefs = await harness.events.publish(USER_PREFERENCES_UPDATED_V1, {
      userId: assignee.id,
      version: 1,
      kinds: { 'task.assigned': ON, 'task.status_changed': ON, 'comment.added': ON, 'task.due_soon': ON, 'project.member_added': ON },
      digest: { enabled: false, hour: 8 },
      quietHours: null,
    });
    await harness.applied([prefs.id], 'notification.people');
    const webhookId = uuidv7();
    const sealed = harness.under.service.app.get(SecretBox).seal('whsec_test', webhookId);
    await harness.dataSource.query(`INSERT INTO webhook (id, owner_id, url, events, secret_sealed) VALUES ($1, $2, $3, $4, $5)`, [
      webhookId,
      assignee.id,
      receiver.url('/inward').replace('127.0.0.1', 'localhost'),
      ['task.assigned'],
      sealed,
    ]);

    const event = await harness.events.publish(TASK_TASK_ASSIGNED_V1, {
      taskId: uuidv7(),
      projectId: uuidv7(),
      key: 'SEC-1',
      title: 'Rebind',
      assigneeIds: [assignee.id],
      assignedBy: actor.id,
    });
    await harness.applied([event.id], 'notification.webhooks');
    const delivery = await waitFor(
      async () => (await harness.as(assignee)<{ items: { status: string; attempts: number; lastError: string }[] }>('GET', `/webhooks/${webhookId}/deliveries`)).body.items.find((d) => d.status === 'failed'),
      { description: 'the delivery failed' },
    );
    expect(delivery.attempts).toBe(1);
    expect(delivery.lastError).toMatch(/^address forbidden: not retried: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(receiver.requests).toEqual([]);
  });
});
