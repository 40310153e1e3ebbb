import { TASK_PROJECT_MEMBER_ADDED_V1 } from '@taskhub/contracts';
import { FaultProxy, integrationEnv, waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { NotificationHarness } from './support/notification-harness';
import { opened, SseClient } from './support/sse-client';

jest.setTimeout(60_000);

/** Redis between the service and its stream's subscriber goes away and comes back: the table fills the gap. */
describe('notification-service live stream through a Redis outage', () => {
  let harness: NotificationHarness;
  let redis: FaultProxy;
  let stream: SseClient | undefined;

  beforeAll(async () => {
    const env = integrationEnv();
    const target = new URL(env.redisUrl);
    redis = await FaultProxy.start({ target: { host: target.hostname, port: Number(target.port || 6379) } });
    harness = await NotificationHarness.start({ label: 'notification_stream_outage', env: { REDIS_URL: redis.url(env.redisUrl) } });
  });

  afterAll(async () => {
    redis?.restore();
    await stream?.close();
    await harness?.close();
    await redis?.close();
  });

  it('should send a notification whose announcement was lost while Redis was down, once the subscriber is back', async () => {
    const [ada, bob] = [await harness.person('Ada'), await harness.person('Bob')];
    const live = opened(await SseClient.open(`${harness.under.baseUrl}/api/v1/notifications/stream`, bob.auth));
    stream = live;
    await waitFor(() => live.retry !== undefined, { description: 'the stream open' });

    redis.cut();
    const projectId = uuidv7();
    await harness.deliver(TASK_PROJECT_MEMBER_ADDED_V1, { projectId, projectName: 'Dark', userId: bob.id, role: 'viewer', addedBy: ada.id });
    // (the inbox API needs Redis too: its auth guard checks session revocations there)
    expect(await harness.dataSource.query(`SELECT project_id FROM notification WHERE user_id = $1`, [bob.id])).toEqual([{ project_id: projectId }]);
    expect(live.events).toEqual([]); // not announced: the publish failed

    redis.restore();
    await waitFor(() => live.events.length === 1, { description: 'the notification, read from the table after the reconnect', timeoutMs: 20_000 });
    const [item] = await harness.inbox(bob, (items) => items.length === 1);
    expect(live.notifications).toEqual([item]);
    expect(item.projectId).toBe(projectId);
  });
});
