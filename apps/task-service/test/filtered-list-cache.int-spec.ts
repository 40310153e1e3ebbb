import { ListPageCache } from '../src/caching/list-page-cache';
import { listCacheCounts } from './support/cache-metrics';
import { type ErrorBody, ProjectFixtures, type ProjectBody } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

jest.setTimeout(60_000);

interface TaskPage {
  items: { id: string; title: string; status: string; version: number }[];
  nextCursor: string | null;
}

/** refresh-ahead keeps this many filtered lists per project here (a small cap the last test can exceed) */
const MAX_FILTERED_SHAPES = 2;

/**
 * A project's list with one or two equality filters (status, assigneeId, priority, labelId) and nothing else: its
 * first page comes from Redis (`cache="filtered_lists"`), keyed by the project's generation and the canonical form of
 * the filters, so every write retires it before its response and the order or spelling of the parameters does not
 * matter. Every other shape still goes to Postgres.
 */
describe('task-service filtered first-page cache', () => {
  let h: TaskHarness;
  let fixtures: ProjectFixtures;
  let ada: Person;
  let bob: Person;
  let cyd: Person;

  beforeAll(async () => {
    h = await TaskHarness.start({ label: 'task_filtered_list_cache', env: { CACHE_REFRESH_MAX_FILTERED_SHAPES: String(MAX_FILTERED_SHAPES) } });
    fixtures = new ProjectFixtures(h);
    [ada, bob, cyd] = await Promise.all([h.person('Ada'), h.person('Bob'), h.person('Cyd')]);
  });

  afterAll(async () => {
    await h?.close();
  });

  const listCounts = (run: () => Promise<unknown>): Promise<Record<string, number>> => listCacheCounts(h, run);
  const create = async (who: Person, p: ProjectBody, title: string, fields: Record<string, unknown> = {}): Promise<string> => {
    const created = await h.as(who)<{ id: string }>('POST', '/tasks', { body: { projectId: p.id, title, ...fields } });
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const list = async (who: Person, query: string): Promise<TaskPage> => {
    const response = await h.as(who)<TaskPage>('GET', `/tasks?${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const titles = (page: TaskPage): string[] => page.items.map((t) => t.title).sort();
  const refreshed = (): Promise<void> => h.under.service.app.get(ListPageCache).whenRefreshed();

  it('should serve a filtered list from the cache after one miss, whatever the order and spelling of its parameters', async () => {
    const p = await fixtures.project(ada, { editor: [bob] });
    await create(ada, p, 'mine todo', { assigneeIds: [ada.id] });
    await create(ada, p, 'mine doing', { assigneeIds: [ada.id], status: 'in_progress' });
    await create(ada, p, 'bobs todo', { assigneeIds: [bob.id] });
    await refreshed();

    let first: TaskPage | undefined;
    expect(await listCounts(async () => (first = await list(ada, `projectId=${p.id}&status=todo&assigneeId=me`)))).toEqual({ 'filtered_lists:miss': 1 });
    expect(titles(first!)).toEqual(['mine todo']);
    for (const query of [`assigneeId=${ada.id.toUpperCase()}&status=todo&projectId=${p.id}`, `status=todo&projectId=${p.id.toUpperCase()}&assigneeId=${ada.id}`]) {
      expect(await listCounts(async () => expect(await list(ada, query)).toEqual(first))).toEqual({ 'filtered_lists:hit': 1 });
    }
    // the page is the same for every member: Bob asking for Ada's todo shares the entry
    expect(await listCounts(async () => expect(await list(bob, `projectId=${p.id}&assigneeId=${ada.id}&status=todo`)).toEqual(first))).toEqual({ 'filtered_lists:hit': 1 });
    // but "me" is whoever asks: Bob's me is Bob's page, under a key of its own
    let bobs: TaskPage | undefined;
    expect(await listCounts(async () => (bobs = await list(bob, `projectId=${p.id}&status=todo&assigneeId=me`)))).toEqual({ 'filtered_lists:miss': 1 });
    expect(titles(bobs!)).toEqual(['bobs todo']);
  });

  it("should show a create, a change of a filtered field and a delete in the writer's very next read", async () => {
    const p = await fixtures.project(ada);
    const first = await create(ada, p, 'first', { priority: 'high' });
    const todoHigh = `projectId=${p.id}&status=todo&priority=high`;
    expect(titles(await list(ada, todoHigh))).toEqual(['first']);
    expect(await listCounts(() => list(ada, todoHigh))).toEqual({ 'filtered_lists:hit': 1 });

    const second = await create(ada, p, 'second', { priority: 'high' });
    expect(titles(await list(ada, todoHigh))).toEqual(['first', 'second']);

    const moved = await h.as(ada)('PATCH', `/tasks/${first}`, { body: { status: 'in_progress' }, headers: { 'if-match': '"1"' } });
    expect(moved.status).toBe(200);
    expect(titles(await list(ada, todoHigh))).toEqual(['second']);
    expect(titles(await list(ada, `projectId=${p.id}&status=in_progress&priority=high`))).toEqual(['first']);

    const lowered = await h.as(ada)('PATCH', `/tasks/${second}`, { body: { priority: 'low' }, headers: { 'if-match': '"1"' } });
    expect(lowered.status).toBe(200);
    expect(titles(await list(ada, todoHigh))).toEqual([]);
    expect(titles(await list(ada, `projectId=${p.id}&priority=low`))).toEqual(['second']);

    const deleted = await h.as(ada)('DELETE', `/tasks/${second}`, { headers: { 'if-match': '"2"' } });
    expect(deleted.status).toBe(204);
    expect(titles(await list(ada, `projectId=${p.id}&priority=low`))).toEqual([]);
  });

  it("should answer a non-member 404 for a page that is cached, and never serve one project's page for another", async () => {
    const p = await fixtures.project(ada);
    const other = await fixtures.project(cyd);
    await create(ada, p, 'secret', { status: 'blocked' });
    await create(cyd, other, 'public', { status: 'blocked' });
    expect(titles(await list(ada, `projectId=${p.id}&status=blocked`))).toEqual(['secret']);
    expect(await listCounts(() => list(ada, `projectId=${p.id}&status=blocked`))).toEqual({ 'filtered_lists:hit': 1 });

    let refused: { status: number; body: ErrorBody } | undefined;
    expect(await listCounts(async () => (refused = await h.as(cyd)<ErrorBody>('GET', `/tasks?projectId=${p.id}&status=blocked`)))).toEqual({});
    expect(refused!.status).toBe(404);
    expect(refused!.body.code).toBe('PROJECT.NOT_FOUND');
    expect(titles(await list(cyd, `projectId=${other.id}&status=blocked`))).toEqual(['public']);
  });

  it('should send a cursor, a sort, a search, three filters, several values of one filter or a limit to Postgres', async () => {
    const p = await fixtures.project(ada);
    for (let n = 0; n < 21; n++) await create(ada, p, `task ${n}`, { priority: 'medium', assigneeIds: [ada.id], dueAt: '2029-06-01T00:00:00Z' });
    const page = await list(ada, `projectId=${p.id}&status=todo&priority=medium`);
    expect(page.items).toHaveLength(20);
    for (const query of [
      `&cursor=${encodeURIComponent(page.nextCursor!)}`,
      '&sort=-createdAt',
      '&q=task',
      '&assigneeId=me',
      '&priority=low',
      '&limit=20',
      '&dueBefore=2030-01-01',
    ]) {
      let answer: TaskPage | undefined;
      expect(await listCounts(async () => (answer = await list(ada, `projectId=${p.id}&status=todo&priority=medium${query}`)))).toEqual({});
      expect(answer!.items.length).toBeGreaterThan(0);
    }
    expect(titles(await list(ada, `projectId=${p.id}&status=todo&priority=medium&cursor=${encodeURIComponent(page.nextCursor!)}`))).toEqual(['task 0']);
  });

  it(`should refresh ahead only the ${MAX_FILTERED_SHAPES} filtered lists of a project read last: an older one misses once after a change`, async () => {
    const p = await fixtures.project(ada);
    await create(ada, p, 'one', { priority: 'urgent' });
    await refreshed();
    const shapes = ['status=todo', 'priority=urgent', 'assigneeId=none']; // read in this order: the first is the oldest
    for (const shape of shapes) expect(titles(await list(ada, `projectId=${p.id}&${shape}`))).toEqual(['one']);

    await create(ada, p, 'two', { priority: 'urgent' });
    await refreshed();
    const counts = async (shape: string): Promise<Record<string, number>> => listCounts(() => list(ada, `projectId=${p.id}&${shape}`));
    expect(await counts('priority=urgent')).toEqual({ 'filtered_lists:hit': 1 });
    expect(await counts('assigneeId=none')).toEqual({ 'filtered_lists:hit': 1 });
    expect(await counts('status=todo')).toEqual({ 'filtered_lists:miss': 1 });
  });
});
