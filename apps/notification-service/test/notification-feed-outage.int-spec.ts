import { TASK_TASK_ASSIGNED_V1 } from '@taskhub/contracts';
import { FaultProxy, integrationEnv, waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { NotificationHarness } from './support/notification-harness';

jest.setTimeout(60_000);

describe('notification-service feed through a Redis outage', () => {
  let harness: NotificationHarness;
  let redis: FaultProxy;

  beforeAll(async () => {
    const env = integrationEnv();
    const target = new URL(env.redisUrl);
    redis = await FaultProxy.start({ target: { host: target.hostname, port: Number(target.port || 6379) } });
    harness = await NotificationHarness.start({ label: 'notification_feed_outage', env: { REDIS_URL: redis.url(env.redisUrl) } });
  });

  afterAll(async () => {
    redis?.restore();
    await harness?.close();
    await redis?.close();
  });

  it('should keep the notification and count the announcement it could not make', async () => {
    const [ada, bob] = [await harness.person('Ada'), await harness.person('Bob')];
    redis.cut();
    const [taskId, projectId] = [uuidv7(), uuidv7()];
    const event = await harness.deliver(TASK_TASK_ASSIGNED_V1, { taskId, projectId, key: 'WEB-1', title: 'Ship it', assigneeIds: [bob.id], assignedBy: ada.id });

    expect(await harness.dataSource.query(`SELECT kind, event_ids FROM notification WHERE user_id = $1`, [bob.id])).toEqual([{ kind: 'task.assigned', event_ids: [event.id] }]);
    // the announcement is tried after the commit: wait for the counter rather than read it once
    const failures = () => fetch(`${harness.under.baseUrl}/metrics`).then(async (r) => /notification_feed_publish_failures_total\{[^}]*\} (\d+)/.exec(await r.text())?.[1]);
    await waitFor(async () => (await failures()) !== '0', { description: 'the failure counted' });
    expect(await failures()).toBe('1');
  });
});
