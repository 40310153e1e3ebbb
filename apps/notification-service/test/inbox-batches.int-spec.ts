import { TASK_TASK_ASSIGNED_V1, TASK_TASK_CREATED_V1 } from '@taskhub/contracts';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { v7 as uuidv7 } from 'uuid';
import { NotificationHarness } from './support/notification-harness';

const TASKS = 60;

/**
 * notification.inbox applies its deliveries in group commits. Its handlers lock a task's read-model row, then the
 * recipients, in event order: two batches at once could take them in opposite orders and deadlock (Postgres aborts
 * one after deadlock_timeout and its events are applied again one by one: docs/performance.md, "Row 6: deadlocks in
 * the notification inbox"). So the inbox applies one batch at a time.
 */
describe('notification-service inbox batches', () => {
  let harness: NotificationHarness;

  beforeAll(async () => {
    harness = await NotificationHarness.start({ label: 'notification_inbox_batches' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const rollbacks = async (): Promise<number> => {
    const metric = harness.under.service.app.get(ServiceMetrics).registry.getSingleMetric('events_batch_rollbacks_total');
    const values = (await metric?.get())?.values ?? [];
    return values.filter((v) => v.labels['queue'] === 'notification.inbox').reduce((sum, v) => sum + v.value, 0);
  };

  it('should apply a burst of creations and assignments sharing their assignees in group commits that never roll back', async () => {
    const [creator, ...assignees] = await Promise.all([harness.person(), harness.person(), harness.person(), harness.person()]);
    const assigneeIds = assignees.map((a) => a.id);
    const projectId = uuidv7();
    const before = await rollbacks();
    const events = Array.from({ length: TASKS }, (_, i) => {
      const taskId = uuidv7();
      const key = `INB-${i + 1}`;
      return [
        () => harness.events.publish(TASK_TASK_CREATED_V1, {
          taskId, projectId, number: i + 1, key, title: `task ${i + 1}`, status: 'todo', priority: 'none',
          assigneeIds, labelIds: [], parentId: null, dueAt: null, createdBy: creator.id,
        }),
        () => harness.events.publish(TASK_TASK_ASSIGNED_V1, { taskId, projectId, key, title: `task ${i + 1}`, assigneeIds, assignedBy: creator.id }),
      ];
    });
    // one task's creation beside another's assignment, and each task's assignment a few events after its creation:
    // published at once, so that the consumer holds a full prefetch and a batch holding the assignees' locks meets
    // tasks whose rows the batch beside it has just written
    const order = events.flatMap(([created], i) => [created, events[(i + TASKS - 3) % TASKS][1]]);

    const published = await Promise.all(order.map((publish) => publish()));
    await harness.applied(published.map((e) => e.id), 'notification.inbox');

    expect(await rollbacks()).toBe(before);
    const rows = await harness.dataSource.query<{ user_id: string; n: number }[]>(
      `SELECT user_id, count(*)::int AS n FROM notification WHERE user_id = ANY($1) GROUP BY user_id ORDER BY user_id`,
      [assigneeIds],
    );
    expect(rows).toEqual([...assigneeIds].sort().map((id) => ({ user_id: id, n: TASKS })));
  });
});
