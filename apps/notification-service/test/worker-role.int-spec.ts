import { AUTH_PASSWORD_RESET_REQUESTED_V1, TASK_PROJECT_CREATED_V1 } from '@taskhub/contracts';
import { ServiceUnderTest } from '@taskhub/platform-service-testing';
import { integrationEnv, TestEventPublisher, waitFor } from '@taskhub/platform-testing';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AppModule } from '../src/app.module';
import { NotificationServiceConfig } from '../src/config/notification.config';
import { NOTIFICATION_DATABASE } from '../src/database/notification-database';
import { SmtpTestServer } from './support/smtp-test-server';

const WORKER_QUEUES = ['notification.email', 'notification.webhooks'];
const FAST = { EMAIL_POLL_INTERVAL_MS: '50', WEBHOOK_SENDER_POLL_MS: '50' };

/** The value of one sample of /metrics, e.g. `events_consumed_total{queue="notification.email",routing_key="…",service="…"}`. */
function sample(metrics: string, name: string, labels: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{${labels},service="notification-service"}`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('notification-service PROCESS_ROLE=api and =worker side by side', () => {
  let smtp: SmtpTestServer;
  let events: TestEventPublisher;
  let api: ServiceUnderTest<NotificationServiceConfig>;
  let worker: ServiceUnderTest<NotificationServiceConfig> | undefined;

  beforeAll(async () => {
    smtp = await SmtpTestServer.start();
    events = await TestEventPublisher.connect(integrationEnv().rabbitmqUrl);
    for (const queue of WORKER_QUEUES) await events.purgeQueue(queue); // other specs' leftovers are not this spec's input
    const env = { ...FAST, SMTP_URL: smtp.url };
    api = await ServiceUnderTest.start({ configClass: NotificationServiceConfig, module: AppModule, database: NOTIFICATION_DATABASE, label: 'notification_roles', env: { ...env, PROCESS_ROLE: 'api' } });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await events?.close();
    await smtp?.stop();
  });

  it('should leave the e-mail and webhook events on their queues in an api process, and a worker should apply each once and send the e-mail', async () => {
    for (const queue of WORKER_QUEUES) await waitFor(() => events.queueState(queue), { description: `${queue} declared by the api process` });
    const request = { userId: uuidv7(), email: `roles-${uuidv7()}@example.test`, resetToken: randomBytes(32).toString('base64url'), expiresAt: '2026-12-05T10:30:00.000Z' };
    const reset = await events.publish(AUTH_PASSWORD_RESET_REQUESTED_V1, request);
    await events.publish(AUTH_PASSWORD_RESET_REQUESTED_V1, request, reset); // the same event again: applied once
    const project = await events.publish(TASK_PROJECT_CREATED_V1, { projectId: uuidv7(), key: 'ROLES', name: 'Roles', ownerId: uuidv7() });

    // ready on their queues with no consumer: the api process does not take them (and has sent nothing)
    await waitFor(async () => (await events.queueState('notification.email'))?.messages === 2, { description: 'two e-mail events queued' });
    await waitFor(async () => (await events.queueState('notification.webhooks'))?.messages === 1, { description: 'one webhook event queued' });
    expect([await events.queueState('notification.email'), await events.queueState('notification.webhooks')]).toEqual([
      { messages: 2, consumers: 0 },
      { messages: 1, consumers: 0 },
    ]);
    expect(await api.dataSource.query(`SELECT 1 FROM email WHERE user_id = $1`, [request.userId])).toEqual([]);

    worker = await ServiceUnderTest.start({
      configClass: NotificationServiceConfig,
      module: AppModule,
      database: NOTIFICATION_DATABASE,
      label: 'notification_roles_worker',
      env: { ...FAST, SMTP_URL: smtp.url, PROCESS_ROLE: 'worker' },
      shareWith: api,
    });

    const mails = await waitFor(() => smtp.to(request.email).length > 0 && smtp.to(request.email), { description: 'the reset e-mail sent by the worker' });
    await waitFor(async () => (await api.dataSource.query<unknown[]>(`SELECT 1 FROM inbox_event WHERE event_id = $1 AND consumer = 'notification.webhooks'`, [project.id])).length === 1, {
      description: 'the project event applied by the webhook consumer',
    });
    await waitFor(async () => (await events.queueState('notification.email'))?.messages === 0, { description: 'the e-mail queue drained' });
    const metrics = await (await fetch(`${worker.baseUrl}/metrics`)).text();
    const labels = `queue="notification.email",routing_key="${AUTH_PASSWORD_RESET_REQUESTED_V1.routingKey}"`;

    expect(mails.map((m) => m.subject)).toEqual(['Reset your TaskHub password']);
    expect(await api.dataSource.query(`SELECT template, status FROM email WHERE user_id = $1`, [request.userId])).toEqual([{ template: 'password_reset', status: 'sent' }]);
    expect([sample(metrics, 'events_consumed_total', labels), sample(metrics, 'events_duplicate_total', labels)]).toEqual([1, 1]);
    expect([await events.queueState('notification.email'), await events.queueState('notification.webhooks')]).toEqual([
      { messages: 0, consumers: 1 },
      { messages: 0, consumers: 1 },
    ]);
  });

  it('should answer the probes and /metrics in a worker process, and no API route', async () => {
    const running = worker!;
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${running.baseUrl}${path}`, { headers });

    const [live, ready, metrics] = await Promise.all([get('/health/live'), get('/health/ready'), get('/metrics')]);
    const route = await get('/api/v1/notifications', { ...running.auth(uuidv7()), 'x-request-id': 'worker-route-1' });
    const openapi = await get('/docs/openapi.json');

    expect([live.status, ready.status, metrics.status]).toEqual([200, 200, 200]);
    expect(await route.json()).toEqual({
      statusCode: 404,
      code: 'ROUTE.NOT_FOUND',
      message: 'no route for GET /api/v1/notifications (a worker process serves /health and /metrics only)',
      correlationId: 'worker-route-1',
    });
    expect([route.status, openapi.status]).toEqual([404, 404]);
    // the api process serves the same route
    expect((await api.request('GET', '/notifications', { headers: api.auth(uuidv7()) })).status).toBe(200);
  });
});
