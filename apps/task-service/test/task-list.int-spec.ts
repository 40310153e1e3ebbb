import { type ErrorBody, ProjectFixtures, type ProjectBody } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';
import { type SeedTask, TaskListFixtures, type TaskPageBody } from './support/task-list-fixtures';

jest.setTimeout(60_000);

/** Six tasks named a…f in id order, with ties and NULLs in every sort (see each expectation). */
const SEEDS: Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', SeedTask> = {
  a: { status: 'todo', priority: 'low', dueAt: '2026-01-02T00:00:00Z', createdAt: '2026-01-01T00:00:01.000001Z', updatedAt: '2026-02-01T00:00:03Z' },
  b: { status: 'in_progress', priority: 'urgent', dueAt: null, createdAt: '2026-01-01T00:00:01.000002Z', updatedAt: '2026-02-01T00:00:01Z' },
  c: { status: 'done', priority: 'medium', dueAt: '2026-01-01T00:00:00Z', createdAt: '2026-01-01T00:00:01.000003Z', updatedAt: '2026-02-01T00:00:02Z' },
  d: { status: 'todo', priority: 'none', dueAt: '2026-01-02T00:00:00Z', createdAt: '2026-01-01T00:00:01.000004Z', updatedAt: '2026-02-01T00:00:05Z' },
  e: { status: 'blocked', priority: 'high', dueAt: null, createdAt: '2026-01-01T00:00:01.000005Z', updatedAt: '2026-02-01T00:00:04Z' },
  f: { status: 'cancelled', priority: 'urgent', dueAt: '2026-01-03T00:00:00Z', createdAt: '2026-01-01T00:00:01.000006Z', updatedAt: '2026-02-01T00:00:06Z' },
};
type Name = keyof typeof SEEDS;

describe('task-service task lists', () => {
  let h: TaskHarness;
  let projects: ProjectFixtures;
  let fixtures: TaskListFixtures;
  let ada: Person;
  let bob: Person;
  let cyd: Person;
  let project: ProjectBody;
  let label1: string;
  let label2: string;
  const id: Partial<Record<Name, string>> = {};
  /** the names of the ids, for readable failures */
  const names = (ids: string[]): string[] => ids.map((x) => Object.entries(id).find(([, v]) => v === x)?.[0] ?? x);

  const list = (who: Person, query: string) => h.as(who)<TaskPageBody & ErrorBody>('GET', `/tasks?${query}`);
  const listed = async (who: Person, query: string): Promise<string[]> => {
    const page = await list(who, query);
    expect(page.status).toBe(200);
    return names(page.body.items.map((item) => item.id));
  };
  const paged = async (query: string, limit: number): Promise<string[]> =>
    names(await fixtures.allPages((cursor) => list(ada, `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)));

  beforeAll(async () => {
    h = await TaskHarness.start({ label: 'task_list', env: { USER_RATE_LIMIT_PER_MINUTE: '100000' } });
    projects = new ProjectFixtures(h);
    fixtures = new TaskListFixtures(h);
    [ada, bob, cyd] = await Promise.all([h.person('Ada Lovelace'), h.person('Bob Kahn'), h.person('Cyd Charisse')]);
    project = await projects.project(ada, { editor: [bob, cyd] });
    const labels = await Promise.all(
      ['bug', 'ux'].map((name) => h.as(ada)<{ id: string }>('POST', `/projects/${project.id}/labels`, { body: { name, color: '#d73a4a' } })),
    );
    [label1, label2] = labels.map((l) => l.body.id);
    const extra: Record<Name, SeedTask> = {
      a: { assignees: [ada.id], labels: [label1] },
      b: { assignees: [bob.id] },
      c: { assignees: [ada.id, bob.id], labels: [label1, label2] },
      d: {},
      e: {},
      f: { assignees: [cyd.id], labels: [label2] },
    };
    for (const name of Object.keys(SEEDS) as Name[]) {
      const parent = name === 'e' || name === 'f' ? { parentId: id.a } : {};
      id[name] = await fixtures.task(project.id, ada.id, { title: `task ${name}`, ...SEEDS[name], ...extra[name], ...parent });
    }
    await fixtures.task(project.id, ada.id, { title: 'deleted', assignees: [ada.id], deleted: true });
  });

  afterAll(() => h?.close());

  describe('sort', () => {
    it.each([
      ['dueAt', 'c a d f b e'],
      ['-dueAt', 'f d a c e b'],
      ['priority', 'd a c e b f'],
      ['-priority', 'f b e c a d'],
      ['createdAt', 'a b c d e f'],
      ['-createdAt', 'f e d c b a'],
      ['updatedAt', 'b c a e d f'],
      ['-updatedAt', 'f d e a c b'],
      ['number', 'a b c d e f'],
      ['-number', 'f e d c b a'],
    ])('should sort by %s (NULLs last, ties by id in the same direction), on one page and on pages of 1 and 2', async (sort, expected) => {
      const query = `projectId=${project.id}&sort=${sort}`;
      expect((await listed(ada, query)).join(' ')).toBe(expected);
      expect((await paged(query, 1)).join(' ')).toBe(expected);
      expect((await paged(query, 2)).join(' ')).toBe(expected);
    });

    it('should sort newest first without a sort, and never list a deleted task', async () => {
      expect((await listed(ada, `projectId=${project.id}`)).join(' ')).toBe('f e d c b a');
    });

    it('should answer each task with its assignees and labels in id order', async () => {
      const page = await list(ada, `projectId=${project.id}&sort=number&limit=3`);
      const c = page.body.items[2];
      expect(c).toMatchObject({ id: id.c, key: `${project.key}-3`, title: 'task c', status: 'done', priority: 'medium', dueAt: '2026-01-01T00:00:00.000Z' });
      expect(c.assignees).toEqual([{ id: ada.id, displayName: 'Ada Lovelace' }, { id: bob.id, displayName: 'Bob Kahn' }].sort((x, y) => (x.id < y.id ? -1 : 1)));
      expect(c.labels).toEqual([{ id: label1, name: 'bug', color: '#d73a4a' }, { id: label2, name: 'ux', color: '#d73a4a' }].sort((x, y) => (x.id < y.id ? -1 : 1)));
    });
  });

  describe('filters', () => {
    it.each([
      ['status=todo', 'a d'],
      ['status=todo&status=done', 'a c d'],
      ['status=todo,blocked', 'a d e'],
      ['priority=urgent', 'b f'],
      ['priority=urgent&priority=none', 'b d f'],
      ['assigneeId=me', 'a c'],
      ['assigneeId=BOB', 'b c'],
      ['assigneeId=none', 'd e'],
      ['assigneeId=none&assigneeId=CYD', 'd e f'],
      ['labelId=L1', 'a c'],
      ['labelId=L1&labelId=L2', 'a c f'],
      ['parentId=A', 'e f'],
      ['parentId=none', 'a b c d'],
      ['dueBefore=2026-01-02T00:00:00Z', 'c'],
      ['dueAfter=2026-01-02', 'a d f'],
      ['dueAfter=2026-01-02&dueBefore=2026-01-03T00:00:00Z', 'a d'],
      ['updatedSince=2026-02-01T00:00:04Z', 'd e f'],
      ['status=todo&assigneeId=me&labelId=L1', 'a'],
    ])('should keep %s', async (filter, expected) => {
      const query = filter.replace('BOB', bob.id).replace('CYD', cyd.id).replace('L1', label1).replace('L2', label2).replace('=A', `=${id.a}`);
      expect((await listed(ada, `projectId=${project.id}&sort=createdAt&${query}`)).join(' ')).toBe(expected);
    });

    it('should answer 400 naming the parameter for a value it does not know', async () => {
      for (const query of ['status=open', 'priority=huge', 'assigneeId=someone', 'sort=title', 'dueBefore=tomorrow', 'q=%20!!', 'limit=101', 'projectId=nope']) {
        const answer = await list(ada, query);
        expect([query, answer.status, answer.body.code]).toEqual([query, 400, 'REQUEST.VALIDATION_FAILED']);
        expect((answer.body.details as { field: string }[]).map((d) => d.field)).toEqual([query.split('=')[0]]);
      }
    });

    it('should answer 404 PROJECT.NOT_FOUND for a projectId the caller is not a member of, alone or beside one they are', async () => {
      const stranger = await h.person('Stranger');
      const theirs = await projects.project(stranger);
      for (const query of [`projectId=${theirs.id}`, `projectId=${project.id}&projectId=${theirs.id}`]) {
        const answer = await list(ada, query);
        expect([answer.status, answer.body.code, answer.body.message]).toEqual([404, 'PROJECT.NOT_FOUND', `project ${theirs.id} not found`]);
      }
    });
  });

  describe('my work', () => {
    it("should list across the caller's projects, and no longer those of a project they left", async () => {
      const dan = await h.person('Dan Brown');
      const [p1, p2, left] = await Promise.all([projects.project(ada, { editor: [dan] }), projects.project(bob, { editor: [dan] }), projects.project(cyd, { editor: [dan] })]);
      const t1 = await fixtures.task(p1.id, ada.id, { assignees: [dan.id], createdAt: '2026-03-01T00:00:00Z' });
      const t2 = await fixtures.task(p2.id, bob.id, { assignees: [dan.id], createdAt: '2026-03-02T00:00:00Z' });
      await fixtures.task(p2.id, bob.id, { assignees: [bob.id], createdAt: '2026-03-03T00:00:00Z' });
      const t3 = await fixtures.task(left.id, cyd.id, { assignees: [dan.id], createdAt: '2026-03-04T00:00:00Z' });
      const mine = async (): Promise<string[]> => ((await list(dan, 'assigneeId=me&sort=createdAt')).body.items ?? []).map((t) => t.id);
      expect(await mine()).toEqual([t1, t2, t3]);
      expect((await h.as(dan)('DELETE', `/projects/${left.id}/members/${dan.id}`)).status).toBe(204);
      expect(await mine()).toEqual([t1, t2]);
      const everything = await list(dan, 'sort=createdAt');
      expect(everything.body.items.map((t) => t.projectId)).toEqual([p1.id, p2.id, p2.id]);
    });
  });

  describe('cursors', () => {
    it('should refuse a cursor of another filter or sort with 400 REQUEST.INVALID_CURSOR', async () => {
      const first = await list(ada, `projectId=${project.id}&status=todo&limit=1`);
      expect(first.body.nextCursor).not.toBeNull();
      for (const query of [`projectId=${project.id}&status=done`, `projectId=${project.id}&status=todo&sort=dueAt`, 'status=todo']) {
        const answer = await list(ada, `${query}&cursor=${first.body.nextCursor}`);
        expect([answer.status, answer.body.code]).toEqual([400, 'REQUEST.INVALID_CURSOR']);
      }
    });

    it.each(['-createdAt', 'dueAt'])('should neither skip nor repeat a task while others are created between pages (sort %s)', async (sort) => {
      const busy = await projects.project(ada, { editor: [bob] });
      const original: string[] = [];
      for (let i = 0; i < 9; i++) original.push(await fixtures.task(busy.id, ada.id, { dueAt: `2026-05-${10 + i}T00:00:00Z` }));
      let created = 0;
      // created now and due earlier than all: each new task lands before the cursor (an offset would repeat a task)
      const insert = async (): Promise<void> => {
        const answer = await h.as(bob)('POST', '/tasks', { body: { projectId: busy.id, title: `late ${created}`, dueAt: `2026-04-0${1 + created}T00:00:00Z` } });
        expect(answer.status).toBe(201);
        created++;
      };
      const seen = await fixtures.allPages((cursor) => list(ada, `projectId=${busy.id}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`), insert);
      expect(seen).toEqual(sort === 'dueAt' ? original : [...original].reverse());
      expect(created).toBe(4);
      expect((await list(ada, `projectId=${busy.id}&limit=100`)).body.items).toHaveLength(13);
    });
  });

  describe('GET /projects/:id/board', () => {
    type Board = { columns: { status: string; count: number; items: { id: string }[]; nextCursor: string | null }[] };

    it('should answer every status in order with its count and first page, the next page through GET /tasks', async () => {
      const board = await h.as(ada)<Board>('GET', `/projects/${project.id}/board?limit=1&sort=createdAt`);
      expect(board.status).toBe(200);
      expect(board.body.columns.map((c) => [c.status, c.count, names(c.items.map((t) => t.id)).join(' '), c.nextCursor !== null])).toEqual([
        ['todo', 2, 'a', true],
        ['in_progress', 1, 'b', false],
        ['blocked', 1, 'e', false],
        ['done', 1, 'c', false],
        ['cancelled', 1, 'f', false],
      ]);
      const next = await list(ada, `projectId=${project.id}&status=todo&sort=createdAt&limit=1&cursor=${board.body.columns[0].nextCursor}`);
      expect([names(next.body.items.map((t) => t.id)), next.body.nextCursor]).toEqual([['d'], null]);
    });

    it('should apply the filters to counts and columns, and answer 404 to a non-member', async () => {
      const board = await h.as(ada)<Board>('GET', `/projects/${project.id}/board?assigneeId=me`);
      expect(board.body.columns.map((c) => [c.status, c.count, names(c.items.map((t) => t.id))])).toEqual([
        ['todo', 1, ['a']],
        ['in_progress', 0, []],
        ['blocked', 0, []],
        ['done', 1, ['c']],
        ['cancelled', 0, []],
      ]);
      const stranger = await h.person('Board stranger');
      const answer = await h.as(stranger)<ErrorBody>('GET', `/projects/${project.id}/board`);
      expect([answer.status, answer.body.code]).toEqual([404, 'PROJECT.NOT_FOUND']);
    });
  });
});
