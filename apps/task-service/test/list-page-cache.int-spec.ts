import { cacheRequests, grownBy } from './support/cache-metrics';
import { ProjectFixtures, type ProjectBody } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

jest.setTimeout(60_000);

interface TaskPage {
  items: { id: string; title: string; status: string }[];
  nextCursor: string | null;
}

interface Board {
  columns: { status: string; count: number; items: { id: string }[] }[];
}

/**
 * The first pages of a project's default list and board and of "my work" come from Redis, keyed by project
 * generations: every change through the API bumps the generation before its response, so the next read is a miss
 * that shows the change; a repeated read without a change is a hit.
 */
describe('task-service first-page cache', () => {
  let h: TaskHarness;
  let fixtures: ProjectFixtures;
  let ada: Person;
  let bob: Person;

  beforeAll(async () => {
    h = await TaskHarness.start({ label: 'task_list_page_cache' });
    fixtures = new ProjectFixtures(h);
    [ada, bob] = await Promise.all([h.person('Ada'), h.person('Bob')]);
  });

  afterAll(async () => {
    await h?.close();
  });

  const listCounts = async (run: () => Promise<unknown>): Promise<Record<string, number>> => {
    const before = await cacheRequests(h);
    await run();
    return Object.fromEntries(Object.entries(grownBy(before, await cacheRequests(h))).filter(([key]) => key.startsWith('lists:')));
  };
  const create = async (who: Person, p: ProjectBody, title: string): Promise<string> => {
    const created = await h.as(who)<{ id: string }>('POST', '/tasks', { body: { projectId: p.id, title } });
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const titles = (page: TaskPage): string[] => page.items.map((t) => t.title).sort();

  it("should serve a project's default list from the cache until a change, and show the change in the very next read", async () => {
    const p = await fixtures.project(ada, { editor: [bob] });
    await create(ada, p, 'one');
    const list = () => h.as(bob)<TaskPage>('GET', `/tasks?projectId=${p.id}`);

    expect(await listCounts(async () => expect(titles((await list()).body)).toEqual(['one']))).toEqual({ 'lists:miss': 1 });
    expect(await listCounts(async () => expect(titles((await list()).body)).toEqual(['one']))).toEqual({ 'lists:hit': 1 });

    await create(ada, p, 'two');
    expect(await listCounts(async () => expect(titles((await list()).body)).toEqual(['one', 'two']))).toEqual({ 'lists:miss': 1 });

    const comment = await h.as(bob)('POST', `/tasks/${(await list()).body.items[0].id}/comments`, { body: { body: 'hi' } });
    expect(comment.status).toBe(201);
    expect(await listCounts(() => list())).toEqual({ 'lists:miss': 1 }); // any activity of the project retires its pages
  });

  it('should not cache a list with a filter, a sort, a limit or a cursor', async () => {
    const p = await fixtures.project(ada);
    await create(ada, p, 'one');
    for (const query of ['&sort=-dueAt', '&limit=5', '&status=todo', '&q=one']) {
      expect(await listCounts(() => h.as(ada)('GET', `/tasks?projectId=${p.id}${query}`))).toEqual({});
    }
  });

  it('should serve the board from the cache and move a task between columns in the very next read after its change', async () => {
    const p = await fixtures.project(ada);
    const task = await create(ada, p, 'card');
    const board = async (): Promise<Record<string, number>> => {
      const response = await h.as(ada)<Board>('GET', `/projects/${p.id}/board`);
      return Object.fromEntries(response.body.columns.map((c) => [c.status, c.count]));
    };

    expect(await board()).toMatchObject({ todo: 1, in_progress: 0 });
    expect(await listCounts(() => board())).toEqual({ 'lists:hit': 1 });

    const moved = await h.as(ada)('PATCH', `/tasks/${task}`, { body: { status: 'in_progress' }, headers: { 'if-match': '"1"' } });
    expect(moved.status).toBe(200);
    expect(await board()).toMatchObject({ todo: 0, in_progress: 1 });
  });

  it("should key my work by all the user's projects: a change in any of them, or joining one, shows at once", async () => {
    const cyd = await h.person('Cyd'); // in no project of the other tests
    const first = await fixtures.project(ada, { editor: [cyd] });
    const second = await fixtures.project(ada, { viewer: [cyd] });
    await create(ada, first, 'in first');
    const myWork = async (): Promise<string[]> => titles((await h.as(cyd)<TaskPage>('GET', '/tasks')).body);

    expect(await myWork()).toEqual(['in first']);
    expect(await listCounts(() => myWork())).toEqual({ 'lists:hit': 1 });

    await create(ada, second, 'in second');
    expect(await myWork()).toEqual(['in first', 'in second']);

    const third = await fixtures.project(ada);
    await create(ada, third, 'in third');
    expect(await myWork()).toEqual(['in first', 'in second']);
    expect((await h.as(ada)('POST', `/projects/${third.id}/members`, { body: { userId: cyd.id, role: 'viewer' } })).status).toBe(201);
    expect(await myWork()).toEqual(['in first', 'in second', 'in third']);

    expect((await h.as(cyd)('DELETE', `/projects/${first.id}/members/${cyd.id}`)).status).toBe(204);
    expect(await myWork()).toEqual(['in second', 'in third']);
  });
});
