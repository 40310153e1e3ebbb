import {
  AUTH_USER_DISABLED_V1,
  TASK_COMMENT_ADDED_V1,
  TASK_PROJECT_MEMBER_ADDED_V1,
  TASK_TASK_ASSIGNED_V1,
  TASK_TASK_CREATED_V1,
  TASK_TASK_DUE_SOON_V1,
  TASK_TASK_STATUS_CHANGED_V1,
  USER_PREFERENCES_UPDATED_V1,
} from '@taskhub/contracts';
import { integrationEnv, waitFor } from '@taskhub/platform-testing';
import Redis from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { NotificationHarness, type Person } from './support/notification-harness';

jest.setTimeout(60_000);

const CHANNELS_ON = { inApp: true, email: true, webhook: false };

describe('notification-service in-app notifications (who is notified of what)', () => {
  let harness: NotificationHarness;
  let a: Person;
  let b: Person;
  let c: Person;

  beforeAll(async () => {
    harness = await NotificationHarness.start({ label: 'notification_inbox' });
    [a, b, c] = [await harness.person('Ada'), await harness.person('Bob'), await harness.person('Cyd')];
  });

  afterAll(async () => {
    await harness?.close();
  });

  const count = async (who: Person): Promise<number> => (await harness.dataSource.query<unknown[]>(`SELECT 1 FROM notification WHERE user_id = $1`, [who.id])).length;
  /** a task A created, assigned to `assignees`, as the read model learns it */
  const task = async (assignees: Person[]) => {
    const [taskId, projectId] = [uuidv7(), uuidv7()];
    const key = `WEB-${Math.floor(Math.random() * 1e6)}`;
    await harness.deliver(TASK_TASK_CREATED_V1, {
      taskId,
      projectId,
      number: 1,
      key,
      title: 'Ship it',
      status: 'todo',
      priority: 'none',
      assigneeIds: assignees.map((p) => p.id),
      labelIds: [],
      parentId: null,
      dueAt: null,
      createdBy: a.id,
    });
    return { taskId, projectId, key, title: 'Ship it' };
  };
  const statusChanged = (t: Awaited<ReturnType<typeof task>>, by: Person, from: 'todo' | 'in_progress', to: 'in_progress' | 'done') => ({
    taskId: t.taskId,
    projectId: t.projectId,
    key: t.key,
    title: t.title,
    from,
    to,
    changedBy: by.id,
  });

  it("should put an assignment in the assignee's inbox and nothing in the assigner's", async () => {
    const [bob, ada] = [await harness.person('Bob2'), await harness.person('Ada2')];
    const t = await task([]);
    await harness.deliver(TASK_TASK_ASSIGNED_V1, { taskId: t.taskId, projectId: t.projectId, key: t.key, title: t.title, assigneeIds: [bob.id], assignedBy: ada.id });

    const [item] = await harness.inbox(bob, (items) => items.length === 1);
    expect(item).toEqual({
      id: expect.any(String) as unknown,
      kind: 'task.assigned',
      projectId: t.projectId,
      taskId: t.taskId,
      actorId: ada.id,
      actorName: 'Ada2',
      taskKey: t.key,
      taskTitle: 'Ship it',
      projectName: null,
      statusFrom: null,
      statusTo: null,
      excerpt: null,
      dueAt: null,
      dueWindow: null,
      role: null,
      webhookId: null,
      webhookUrl: null,
      count: 1,
      readAt: null,
      createdAt: expect.any(String) as unknown,
      updatedAt: expect.any(String) as unknown,
      seq: expect.stringMatching(/^\d+$/) as unknown,
    });
    expect(await count(ada)).toBe(0);
  });

  it('should notify a status change to the assignees and the creator, not to whoever changed it', async () => {
    const [bob, cyd] = [await harness.person('Bob3'), await harness.person('Cyd3')];
    const t = await task([bob, cyd]); // created by a
    await harness.deliver(TASK_TASK_STATUS_CHANGED_V1, statusChanged(t, cyd, 'todo', 'in_progress'));

    const [forBob] = await harness.inbox(bob, (items) => items.length === 1);
    expect(forBob).toMatchObject({ kind: 'task.status_changed', actorId: cyd.id, actorName: 'Cyd3', statusFrom: 'todo', statusTo: 'in_progress', count: 1 });
    expect((await harness.dataSource.query(`SELECT kind FROM notification WHERE user_id = $1 AND task_id = $2`, [a.id, t.taskId]))).toEqual([{ kind: 'task.status_changed' }]);
    expect(await count(cyd)).toBe(0);
  });

  it('should notify the mentioned members of a comment, not its author', async () => {
    const [bob, cyd] = [await harness.person('Bob4'), await harness.person('Cyd4')];
    const t = await task([]);
    const comment = { commentId: uuidv7(), taskId: t.taskId, projectId: t.projectId, taskKey: t.key, authorId: cyd.id, mentions: [bob.id, cyd.id], excerpt: 'look at this @Bob4' };
    await harness.deliver(TASK_COMMENT_ADDED_V1, comment);

    const [item] = await harness.inbox(bob, (items) => items.length === 1);
    expect(item).toMatchObject({ kind: 'comment.added', taskKey: t.key, taskTitle: 'Ship it', excerpt: 'look at this @Bob4', actorName: 'Cyd4' });
    expect(await count(cyd)).toBe(0);
  });

  it('should remind the assignees the due-date reminder names', async () => {
    const bob = await harness.person('Bob5');
    const t = await task([bob]);
    const dueAt = '2026-12-06T09:00:00.000Z';
    await harness.deliver(TASK_TASK_DUE_SOON_V1, { taskId: t.taskId, projectId: t.projectId, key: t.key, title: t.title, dueAt, window: '24h', assigneeIds: [bob.id] });

    const [item] = await harness.inbox(bob, (items) => items.length === 1);
    expect(item).toMatchObject({ kind: 'task.due_soon', actorId: null, actorName: null, dueAt, dueWindow: '24h', taskKey: t.key });
  });

  it('should tell someone they were added to a project, and not the owner who added them', async () => {
    const [bob, ada] = [await harness.person('Bob6'), await harness.person('Ada6')];
    const projectId = uuidv7();
    await harness.deliver(TASK_PROJECT_MEMBER_ADDED_V1, { projectId, projectName: 'Website', userId: bob.id, role: 'editor', addedBy: ada.id });

    const [item] = await harness.inbox(bob, (items) => items.length === 1);
    expect(item).toMatchObject({ kind: 'project.member_added', projectId, taskId: null, projectName: 'Website', role: 'editor', actorName: 'Ada6' });
    expect(await count(ada)).toBe(0);
  });

  it('should group several events about one task into one unread notification with the latest subject', async () => {
    const bob = await harness.person('Bob7');
    const t = await task([bob]);
    await harness.deliver(TASK_TASK_STATUS_CHANGED_V1, statusChanged(t, c, 'todo', 'in_progress'));
    const [first] = await harness.inbox(bob, (items) => items.length === 1);
    await harness.deliver(TASK_TASK_STATUS_CHANGED_V1, statusChanged(t, c, 'in_progress', 'done'));

    const [grouped] = await harness.inbox(bob, (items) => items[0]?.count === 2);
    expect(grouped).toMatchObject({ id: first.id, count: 2, statusFrom: 'in_progress', statusTo: 'done' });
    expect(BigInt(grouped.seq)).toBeGreaterThan(BigInt(first.seq));

    // once read, the next event starts a new notification
    expect((await harness.as(bob)('POST', `/notifications/${first.id}/read`)).status).toBe(200);
    await harness.deliver(TASK_TASK_STATUS_CHANGED_V1, statusChanged(t, c, 'in_progress', 'done'));
    const items = await harness.inbox(bob, (list) => list.length === 2);
    expect(items.map((i) => i.count)).toEqual([1, 2]);
  });

  it('should make nothing when the preference for the kind says no in-app', async () => {
    const bob = await harness.person('Bob8');
    const kinds = { 'task.assigned': { ...CHANNELS_ON, inApp: false }, 'task.status_changed': CHANNELS_ON, 'comment.added': CHANNELS_ON, 'task.due_soon': CHANNELS_ON, 'project.member_added': CHANNELS_ON };
    await harness.deliver(USER_PREFERENCES_UPDATED_V1, { userId: bob.id, version: 1, kinds, digest: { enabled: false, hour: 8 }, quietHours: null });
    const t = await task([]);
    await harness.deliver(TASK_TASK_ASSIGNED_V1, { taskId: t.taskId, projectId: t.projectId, key: t.key, title: t.title, assigneeIds: [bob.id], assignedBy: a.id });
    await harness.deliver(TASK_PROJECT_MEMBER_ADDED_V1, { projectId: t.projectId, projectName: 'Website', userId: bob.id, role: 'viewer', addedBy: a.id });

    expect((await harness.dataSource.query(`SELECT kind FROM notification WHERE user_id = $1`, [bob.id]))).toEqual([{ kind: 'project.member_added' }]);
  });

  it('should never notify a disabled person', async () => {
    const bob = await harness.person('Bob9');
    await harness.deliver(AUTH_USER_DISABLED_V1, { userId: bob.id, disabledAt: '2026-12-01T10:00:00.000Z', disabledBy: a.id });
    const t = await task([]);
    await harness.deliver(TASK_TASK_ASSIGNED_V1, { taskId: t.taskId, projectId: t.projectId, key: t.key, title: t.title, assigneeIds: [bob.id, c.id], assignedBy: a.id });

    await harness.inbox(c, (items) => items.some((i) => i.taskId === t.taskId));
    expect(await count(bob)).toBe(0);
  });

  it('should make one notification of an envelope delivered twice', async () => {
    const bob = await harness.person('Bob10');
    const t = await task([]);
    const data = { taskId: t.taskId, projectId: t.projectId, key: t.key, title: t.title, assigneeIds: [bob.id], assignedBy: a.id };
    const envelope = await harness.deliver(TASK_TASK_ASSIGNED_V1, data);
    await harness.events.publish(TASK_TASK_ASSIGNED_V1, data, envelope); // the same envelope again
    // a later event on the same queue, applied after the copy was taken
    await harness.deliver(TASK_PROJECT_MEMBER_ADDED_V1, { projectId: uuidv7(), projectName: 'Other', userId: b.id, role: 'viewer', addedBy: a.id });

    expect(await harness.dataSource.query(`SELECT count, event_ids FROM notification WHERE user_id = $1`, [bob.id])).toEqual([{ count: 1, event_ids: [envelope.id] }]);
  });

  it('should announce each committed notification on the Redis channel of the user, under the service key prefix', async () => {
    const bob = await harness.person('Bob11');
    const subscriber = new Redis(integrationEnv().redisUrl);
    try {
      const messages: unknown[] = [];
      subscriber.on('message', (_channel: string, message: string) => messages.push(JSON.parse(message)));
      await subscriber.subscribe(`${harness.under.service.config.redisKeyPrefix}notifications:user:${bob.id}`);
      const t = await task([]);
      await harness.deliver(TASK_TASK_ASSIGNED_V1, { taskId: t.taskId, projectId: t.projectId, key: t.key, title: t.title, assigneeIds: [bob.id], assignedBy: a.id });

      const [item] = await harness.inbox(bob, (items) => items.length === 1);
      await waitFor(() => messages.length === 1, { description: 'the announcement' });
      expect(messages).toEqual([{ userId: bob.id, seq: item.seq, notificationId: item.id }]);
    } finally {
      subscriber.disconnect();
    }
  });
});
