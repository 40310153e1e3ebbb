import { TASK_TASK_ASSIGNED_V1, TASK_TASK_CREATED_V1, TASK_TASK_DELETED_V1, TASK_TASK_UPDATED_V1 } from '@taskhub/contracts';
import { v7 as uuidv7 } from 'uuid';
import { NotificationHarness } from './support/notification-harness';

describe('notification-service read model of tasks (task_watch)', () => {
  let harness: NotificationHarness;

  beforeAll(async () => {
    harness = await NotificationHarness.start({ label: 'notification_task_watch' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const watch = (taskId: string) =>
    harness.dataSource.query(`SELECT task_key, title, creator_id, assignee_ids, deleted_until FROM task_watch WHERE task_id = $1`, [taskId]);
  const [A, B, C] = [uuidv7(), uuidv7(), uuidv7()];
  const created = (taskId: string, projectId: string) => ({
    taskId,
    projectId,
    number: 1,
    key: 'WEB-1',
    title: 'Ship it',
    status: 'todo' as const,
    priority: 'none' as const,
    assigneeIds: [B],
    labelIds: [],
    parentId: null,
    dueAt: null,
    createdBy: A,
  });

  it('should keep the creator and the newest assignees and title, whatever order the events arrive in', async () => {
    const [taskId, projectId] = [uuidv7(), uuidv7()];
    const update = (version: number, field: string, old: unknown, value: unknown) => ({ taskId, projectId, version, changes: [{ field, old, new: value }], updatedBy: A });

    await harness.deliver(TASK_TASK_ASSIGNED_V1, { taskId, projectId, key: 'WEB-1', title: 'Ship it', assigneeIds: [B], assignedBy: A });
    await harness.deliver(TASK_TASK_UPDATED_V1, update(3, 'assigneeIds', [B, C], [C]));
    await harness.deliver(TASK_TASK_UPDATED_V1, update(2, 'assigneeIds', [B], [B, C])); // late
    await harness.deliver(TASK_TASK_CREATED_V1, created(taskId, projectId)); // later still
    await harness.deliver(TASK_TASK_UPDATED_V1, update(4, 'title', 'Ship it', 'Ship it today'));

    expect(await watch(taskId)).toEqual([{ task_key: 'WEB-1', title: 'Ship it today', creator_id: A, assignee_ids: [C], deleted_until: null }]);
  });

  it('should add the assignees of task.task.assigned.v1 to those of the creation, and mark a deletion until a restore', async () => {
    const [taskId, projectId] = [uuidv7(), uuidv7()];
    await harness.deliver(TASK_TASK_CREATED_V1, created(taskId, projectId));
    await harness.deliver(TASK_TASK_ASSIGNED_V1, { taskId, projectId, key: 'WEB-1', title: 'Ship it', assigneeIds: [B], assignedBy: A });
    const restorableUntil = '2027-01-04T10:00:00.000Z';
    await harness.deliver(TASK_TASK_DELETED_V1, { taskId, projectId, deletedBy: A, restorableUntil });

    expect(await watch(taskId)).toEqual([{ task_key: 'WEB-1', title: 'Ship it', creator_id: A, assignee_ids: [B], deleted_until: new Date(restorableUntil) }]);

    await harness.deliver(TASK_TASK_UPDATED_V1, { taskId, projectId, version: 2, changes: [{ field: 'deletedAt', old: '2026-12-05T10:00:00.000Z', new: null }], updatedBy: A });

    expect(await watch(taskId)).toEqual([{ task_key: 'WEB-1', title: 'Ship it', creator_id: A, assignee_ids: [B], deleted_until: null }]);
  });
});
