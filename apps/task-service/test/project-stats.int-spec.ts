import { v7 as uuidv7 } from 'uuid';
import { cacheRequests, grownBy } from './support/cache-metrics';
import { type ErrorBody, ProjectFixtures, type ProjectBody } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

jest.setTimeout(60_000);

interface Stats {
  byStatus: Record<string, number>;
  byPriority: Record<string, number>;
  byAssignee: { userId: string; open: number }[];
  overdue: number;
  doneLast7Days: number;
  doneLast30Days: number;
}

const DAY = 24 * 3600 * 1000;
const daysFromNow = (days: number): Date => new Date(Date.now() + days * DAY);

describe('task-service GET /projects/:id/stats', () => {
  let h: TaskHarness;
  let fixtures: ProjectFixtures;
  let ada: Person;
  let bob: Person;
  let cyd: Person;
  let eve: Person;

  beforeAll(async () => {
    h = await TaskHarness.start({ label: 'task_project_stats' });
    fixtures = new ProjectFixtures(h);
    [ada, bob, cyd, eve] = await Promise.all([h.person('Ada'), h.person('Bob'), h.person('Cyd'), h.person('Eve')]);
  });

  afterAll(async () => {
    await h?.close();
  });

  const stats = (who: Person, projectId: string) => h.as(who)<Stats & ErrorBody>('GET', `/projects/${projectId}/stats`);
  const ifMatch = async (id: string): Promise<Record<string, string>> => {
    const [row] = await h.dataSource.query<{ version: number }[]>(`SELECT version FROM task WHERE id = $1`, [id]);
    return { 'if-match': `"${row.version}"` };
  };

  /** A task straight into the tables, with the fields the stats count. */
  const insertTask = async (
    p: ProjectBody,
    fields: { status: string; priority: string; dueAt?: Date; completedAt?: Date; assignees?: Person[]; deleted?: boolean },
  ): Promise<string> => {
    const id = await fixtures.task(p.id, ada.id, { assignees: (fields.assignees ?? []).map((x) => x.id), deleted: fields.deleted });
    await h.dataSource.query(`UPDATE task SET status = $2, priority = $3, due_at = $4, completed_at = $5 WHERE id = $1`, [
      id,
      fields.status,
      fields.priority,
      fields.dueAt ?? null,
      fields.completedAt ?? null,
    ]);
    return id;
  };

  /** ada's project with bob (editor) and cyd (viewer), and nine tasks covering every count. */
  const seeded = async (): Promise<{ p: ProjectBody; t: Record<string, string>; byAssignee: (ada: number, bob: number) => Stats['byAssignee'] }> => {
    const p = await fixtures.project(ada, { editor: [bob], viewer: [cyd] });
    const t = {
      overdueHigh: await insertTask(p, { status: 'todo', priority: 'high', dueAt: daysFromNow(-1), assignees: [bob] }),
      dueLater: await insertTask(p, { status: 'todo', priority: 'none', dueAt: daysFromNow(1), assignees: [ada, bob] }),
      urgent: await insertTask(p, { status: 'in_progress', priority: 'urgent', assignees: [ada] }),
      blocked: await insertTask(p, { status: 'blocked', priority: 'low', dueAt: daysFromNow(-2) }),
      doneRecently: await insertTask(p, { status: 'done', priority: 'high', dueAt: daysFromNow(-10), completedAt: daysFromNow(-2), assignees: [bob] }),
      doneThisMonth: await insertTask(p, { status: 'done', priority: 'none', completedAt: daysFromNow(-20) }),
      doneLongAgo: await insertTask(p, { status: 'done', priority: 'medium', completedAt: daysFromNow(-40) }),
      cancelled: await insertTask(p, { status: 'cancelled', priority: 'urgent', dueAt: daysFromNow(-1), assignees: [ada] }),
      deleted: await insertTask(p, { status: 'todo', priority: 'high', dueAt: daysFromNow(-1), assignees: [bob], deleted: true }),
    };
    // most open tasks first, then by user id
    const byAssignee = (adaOpen: number, bobOpen: number): Stats['byAssignee'] =>
      [
        { userId: ada.id, open: adaOpen },
        { userId: bob.id, open: bobOpen },
      ]
        .filter((x) => x.open > 0)
        .sort((x, y) => y.open - x.open || (x.userId < y.userId ? -1 : 1));
    return { p, t, byAssignee };
  };

  const BASE = {
    byStatus: { todo: 2, in_progress: 1, blocked: 1, done: 3, cancelled: 1 },
    byPriority: { none: 1, low: 1, medium: 0, high: 1, urgent: 1 },
    overdue: 2,
    doneLast7Days: 1,
    doneLast30Days: 2,
  };

  it('should count by status, open tasks by priority and assignee, overdue and recently done, for any member', async () => {
    const { p, byAssignee } = await seeded();

    const asViewer = await stats(cyd, p.id);

    expect(asViewer.status).toBe(200);
    expect(asViewer.body).toEqual({ ...BASE, byAssignee: byAssignee(2, 2) });
  });

  it('should serve a repeated read from the cache, and answer 404 to a non-member and 400 to a malformed id', async () => {
    const { p } = await seeded();
    const first = await stats(ada, p.id);
    const before = await cacheRequests(h);

    const again = await stats(bob, p.id);

    expect(again.body).toEqual(first.body);
    expect(grownBy(before, await cacheRequests(h))).toMatchObject({ 'stats:hit': 1 });
    expect(grownBy(before, await cacheRequests(h))['stats:miss']).toBeUndefined();
    const outsider = await stats(eve, p.id);
    expect([outsider.status, outsider.body.code]).toEqual([404, 'PROJECT.NOT_FOUND']);
    const unknown = await stats(eve, uuidv7());
    expect([unknown.status, unknown.body.code]).toEqual([404, 'PROJECT.NOT_FOUND']);
    expect((await stats(ada, 'not-a-uuid')).status).toBe(400);
  });

  it('should show each kind of change in the very next read: create, status, due date, assignees, delete, restore, member removal', async () => {
    const { p, t, byAssignee } = await seeded();
    expect((await stats(ada, p.id)).body).toEqual({ ...BASE, byAssignee: byAssignee(2, 2) }); // cached now

    const created = await h.as(bob)<{ id: string }>('POST', '/tasks', { body: { projectId: p.id, title: 'New', priority: 'low', assigneeIds: [bob.id] } });
    expect(created.status).toBe(201);
    let expected: Stats = { ...BASE, byStatus: { ...BASE.byStatus, todo: 3 }, byPriority: { ...BASE.byPriority, low: 2 }, byAssignee: byAssignee(2, 3) };
    expect((await stats(ada, p.id)).body).toEqual(expected);

    const done = await h.as(bob)('PATCH', `/tasks/${t.overdueHigh}`, { body: { status: 'done' }, headers: await ifMatch(t.overdueHigh) });
    expect(done.status).toBe(200);
    expected = {
      ...expected,
      byStatus: { ...expected.byStatus, todo: 2, done: 4 },
      byPriority: { ...expected.byPriority, high: 0 },
      byAssignee: byAssignee(2, 2),
      overdue: 1,
      doneLast7Days: 2,
      doneLast30Days: 3,
    };
    expect((await stats(ada, p.id)).body).toEqual(expected);

    expect((await h.as(ada)('PATCH', `/tasks/${t.blocked}`, { body: { dueAt: daysFromNow(3).toISOString() }, headers: await ifMatch(t.blocked) })).status).toBe(200);
    expected = { ...expected, overdue: 0 };
    expect((await stats(ada, p.id)).body).toEqual(expected);

    expect((await h.as(ada)('PATCH', `/tasks/${t.blocked}`, { body: { assigneeIds: [ada.id] }, headers: await ifMatch(t.blocked) })).status).toBe(200);
    expected = { ...expected, byAssignee: byAssignee(3, 2) };
    expect((await stats(ada, p.id)).body).toEqual(expected);

    expect((await h.as(ada)('DELETE', `/tasks/${t.urgent}`, { headers: await ifMatch(t.urgent) })).status).toBe(204);
    const withoutUrgent: Stats = {
      ...expected,
      byStatus: { ...expected.byStatus, in_progress: 0 },
      byPriority: { ...expected.byPriority, urgent: 0 },
      byAssignee: byAssignee(2, 2),
    };
    expect((await stats(ada, p.id)).body).toEqual(withoutUrgent);

    expect((await h.as(ada)('POST', `/tasks/${t.urgent}/restore`)).status).toBe(200);
    expect((await stats(ada, p.id)).body).toEqual(expected);

    // bob leaves: unassigned from the new task and dueLater in the same transaction
    expect((await h.as(bob)('DELETE', `/projects/${p.id}/members/${bob.id}`)).status).toBe(204);
    expect((await stats(ada, p.id)).body).toEqual({ ...expected, byAssignee: byAssignee(3, 0) });
  });
});
