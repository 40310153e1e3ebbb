import { TASK_TASK_ASSIGNED_V1, TASK_TASK_STATUS_CHANGED_V1, TASK_TASK_UPDATED_V1 } from '@taskhub/contracts';
import { v7 as uuidv7 } from 'uuid';
import { type ErrorBody, ProjectFixtures } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

jest.setTimeout(60_000);

interface BulkBody {
  changed: { id: string; status: string; priority: string; version: number; dueAt: string | null; assignees: { id: string }[] }[];
  unchanged: string[];
}

describe('task-service bulk edit', () => {
  let h: TaskHarness;
  let fixtures: ProjectFixtures;
  let ada: Person;
  let bob: Person;
  let cyd: Person;

  beforeAll(async () => {
    h = await TaskHarness.start({ label: 'bulk', env: { USER_RATE_LIMIT_PER_MINUTE: '100000' } });
    fixtures = new ProjectFixtures(h);
    [ada, bob, cyd] = await Promise.all([h.person('Ada Bulk'), h.person('Bob Bulk'), h.person('Cyd Bulk')]);
  });

  afterAll(async () => {
    await h?.close();
  });

  const bulk = (who: Person, body: unknown, headers: Record<string, string> = {}) => h.as(who)<BulkBody & ErrorBody>('POST', '/tasks/bulk', { body, headers });
  const versions = async (ids: string[]): Promise<number[]> =>
    (await h.dataSource.query<{ version: number }[]>(`SELECT version FROM task WHERE id = ANY($1::uuid[]) ORDER BY id`, [ids])).map((r) => r.version);
  const activityCount = async (ids: string[]): Promise<number> =>
    (await h.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM activity WHERE task_id = ANY($1::uuid[]) AND action = 'task.updated'`, [ids]))[0].n;
  const eventsFor = async (routingKey: string, ids: string[]): Promise<string[]> =>
    (await h.outbox(routingKey)).map((e) => (e.data as { taskId: string }).taskId).filter((id) => ids.includes(id)).sort();

  it('should change every task across projects in one go, with one history entry and the single PATCH’s events per changed task, none for one already so', async () => {
    const web = await fixtures.project(ada, { editor: [bob] });
    const api = await fixtures.project(ada, { editor: [bob] });
    const a = await fixtures.task(web.id, ada.id);
    const b = await fixtures.task(api.id, ada.id);
    const done = await fixtures.task(web.id, ada.id);
    await h.dataSource.query(`UPDATE task SET status = 'done', priority = 'high', due_at = '2027-01-01T00:00:00Z' WHERE id = $1`, [done]);
    const ids = [a, b, done];

    const answer = await bulk(bob, { ids: [b, done, a], set: { status: 'done', priority: 'high', dueAt: '2027-01-01' } });

    expect(answer.status).toBe(200);
    expect(answer.body.changed.map((t) => [t.id, t.status, t.priority, t.dueAt, t.version])).toEqual(
      [a, b].sort().map((id) => [id, 'done', 'high', '2027-01-01T00:00:00.000Z', 2]),
    );
    expect(answer.body.unchanged).toEqual([done]);
    expect(await versions(ids)).toEqual(ids.sort().map((id) => (id === done ? 1 : 2)));
    expect(await activityCount(ids)).toBe(2);
    expect(await eventsFor(TASK_TASK_UPDATED_V1.routingKey, ids)).toEqual([a, b].sort());
    expect(await eventsFor(TASK_TASK_STATUS_CHANGED_V1.routingKey, ids)).toEqual([a, b].sort());
  });

  it('should replace assignees on each task and announce only the people each task gained', async () => {
    const p = await fixtures.project(ada, { editor: [bob, cyd] });
    const had = await fixtures.task(p.id, ada.id, { assignees: [bob.id] });
    const fresh = await fixtures.task(p.id, ada.id);

    const answer = await bulk(ada, { ids: [had, fresh], set: { assigneeIds: [bob.id, cyd.id] } });

    expect(answer.status).toBe(200);
    const assigned = (await h.outbox(TASK_TASK_ASSIGNED_V1.routingKey)).map((e) => e.data as { taskId: string; assigneeIds: string[] });
    expect(assigned.filter((e) => e.taskId === had).map((e) => e.assigneeIds)).toEqual([[cyd.id]]);
    expect(assigned.filter((e) => e.taskId === fresh).map((e) => e.assigneeIds)).toEqual([[bob.id, cyd.id].sort()]);
  });

  it.each([
    ['a viewer', 'viewer', 403, 'PROJECT.ROLE_TOO_LOW'],
    ['a non-member', undefined, 404, 'TASK.NOT_FOUND'],
  ] as const)('should refuse the whole edit when one task is in a project where the caller is %s, naming that task and changing none', async (_, role, status, code) => {
    const mine = await fixtures.project(ada, { editor: [bob] });
    const theirs = await fixtures.project(cyd, role ? { [role]: [bob] } : {});
    const ok = [await fixtures.task(mine.id, ada.id), await fixtures.task(mine.id, ada.id)];
    const refused = await fixtures.task(theirs.id, cyd.id);
    const ids = [...ok, refused];

    const answer = await bulk(bob, { ids, set: { priority: 'urgent' } });

    expect([answer.status, answer.body.code, answer.body.message]).toEqual([status, code, expect.stringContaining(`task ${refused}`)]);
    expect(await versions(ids)).toEqual([1, 1, 1]);
    expect(await activityCount(ids)).toBe(0);
    expect(await eventsFor(TASK_TASK_UPDATED_V1.routingKey, ids)).toEqual([]);
  });

  it('should roll back the tasks already changed when a later one breaks a field rule (an assignee not in its project)', async () => {
    const web = await fixtures.project(ada, { editor: [bob] });
    const other = await fixtures.project(ada);
    const ids = [await fixtures.task(web.id, ada.id), await fixtures.task(other.id, ada.id)];

    const answer = await bulk(ada, { ids, set: { assigneeIds: [bob.id], status: 'in_progress' } });

    expect([answer.status, answer.body.code]).toEqual([400, 'TASK.ASSIGNEE_NOT_MEMBER']);
    expect(answer.body.message).toContain(`task ${ids[1]}`);
    expect(await versions(ids)).toEqual([1, 1]);
    expect(await h.dataSource.query(`SELECT count(*)::int AS n FROM task_assignee WHERE task_id = ANY($1::uuid[])`, [ids])).toEqual([{ n: 0 }]);
  });

  it('should answer 400 to more than 100 ids, repeated ids, no ids, and a set that names nothing', async () => {
    const p = await fixtures.project(ada);
    const t = await fixtures.task(p.id, ada.id);
    const many = Array.from({ length: 101 }, () => uuidv7());

    const answers = await Promise.all([
      bulk(ada, { ids: many, set: { status: 'done' } }),
      bulk(ada, { ids: [t, t.toUpperCase()], set: { status: 'done' } }),
      bulk(ada, { ids: [], set: { status: 'done' } }),
      bulk(ada, { ids: [t], set: {} }),
      bulk(ada, { ids: [t], set: { title: 'not a bulk field' } }),
    ]);

    expect(answers.map((a) => [a.status, a.body.code])).toEqual(Array.from({ length: 5 }, () => [400, 'REQUEST.VALIDATION_FAILED']));
    expect(await versions([t])).toEqual([1]);
  });

  it('should answer a retry with the same Idempotency-Key with the first response, changing nothing more', async () => {
    const p = await fixtures.project(ada);
    const ids = [await fixtures.task(p.id, ada.id), await fixtures.task(p.id, ada.id)];
    const key = { 'idempotency-key': `bulk-${uuidv7()}` };

    const first = await bulk(ada, { ids, set: { status: 'in_progress' } }, key);
    await h.as(ada)('PATCH', `/tasks/${ids[0]}`, { body: { status: 'todo' }, headers: { 'if-match': '"2"' } });
    const retry = await bulk(ada, { ids, set: { status: 'in_progress' } }, key);

    expect([first.status, retry.status, retry.body, retry.headers.get('idempotent-replayed')]).toEqual([200, 200, first.body, 'true']);
    expect(await versions(ids)).toEqual([3, 2]);
  });

  it('should let two bulk edits over the same tasks, sent in opposite orders at once, both finish (locks by id: no deadlock)', async () => {
    const p = await fixtures.project(ada, { editor: [bob] });
    const ids = await Promise.all(Array.from({ length: 20 }, () => fixtures.task(p.id, ada.id)));

    const [first, second] = await Promise.all([
      bulk(ada, { ids, set: { labelIds: [], priority: 'low' } }),
      bulk(bob, { ids: [...ids].reverse(), set: { assigneeIds: [bob.id], priority: 'high' } }),
    ]);

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await versions(ids)).toEqual(ids.map(() => 3));
  });
});
