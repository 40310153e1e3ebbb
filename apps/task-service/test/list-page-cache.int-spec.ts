import { ListPageCache } from '../src/caching/list-page-cache';
import { TaskCaches } from '../src/caching/task-caches';
import { listCacheCounts } from './support/cache-metrics';
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
 * generations: every change through the API bumps the generation before its response, so the next read never shows
 * the old page; a repeated read without a change is a hit. A page read recently is loaded again right after the
 * change (refresh-ahead), so the next read is a hit too once that refresh is done (`refreshed()` waits for it).
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

  const listCounts = (run: () => Promise<unknown>): Promise<Record<string, number>> => listCacheCounts(h, run);
  const create = async (who: Person, p: ProjectBody, title: string): Promise<string> => {
    const created = await h.as(who)<{ id: string }>('POST', '/tasks', { body: { projectId: p.id, title } });
    expect(created.status).toBe(201);
    return created.body.id;
  };
  const titles = (page: TaskPage): string[] => page.items.map((t) => t.title).sort();
  const refreshed = (): Promise<void> => h.under.service.app.get(ListPageCache).whenRefreshed();

  it("should serve a project's default list from the cache, show a change in the very next read, and refresh it ahead of the readers", async () => {
    const p = await fixtures.project(ada, { editor: [bob] });
    await create(ada, p, 'one');
    const list = () => h.as(bob)<TaskPage>('GET', `/tasks?projectId=${p.id}`);
    await refreshed();

    expect(await listCounts(async () => expect(titles((await list()).body)).toEqual(['one']))).toEqual({ 'lists:miss': 1 });
    expect(await listCounts(async () => expect(titles((await list()).body)).toEqual(['one']))).toEqual({ 'lists:hit': 1 });

    await create(ada, p, 'two');
    expect(titles((await list()).body)).toEqual(['one', 'two']); // at once, whether the refresh is done or not
    await create(ada, p, 'three');
    await refreshed();
    expect(await listCounts(async () => expect(titles((await list()).body)).toEqual(['one', 'three', 'two']))).toEqual({ 'lists:hit': 1 });

    const comment = await h.as(bob)('POST', `/tasks/${(await list()).body.items[0].id}/comments`, { body: { body: 'hi' } });
    expect(comment.status).toBe(201);
    await refreshed();
    expect(await listCounts(() => list())).toEqual({ 'lists:hit': 1 }); // any activity of the project retires its pages; the refresh loaded it again
  });

  it('should answer a cached first page (miss and hit) with the bytes and content type of the same page read from Postgres', async () => {
    const p = await fixtures.project(ada, { viewer: [bob] });
    for (let n = 0; n < 21; n++) await create(ada, p, `task ${n}`); // one more than a page: a nextCursor
    const raw = async (route: string): Promise<{ text: string; contentType: string | null }> => {
      const response = await fetch(`${h.baseUrl}/api/v1${route}`, { headers: bob.auth });
      expect(response.status).toBe(200);
      return { text: await response.text(), contentType: response.headers.get('content-type') };
    };

    for (const [cache, cached, direct] of [
      ['lists', `/tasks?projectId=${p.id}`, `/tasks?projectId=${p.id}&limit=20`], // a limit of its own is not the cached shape
      ['lists', `/projects/${p.id}/board`, `/projects/${p.id}/board?limit=20`],
      ['filtered_lists', `/tasks?projectId=${p.id}&status=todo&assigneeId=none`, `/tasks?projectId=${p.id}&status=todo&assigneeId=none&limit=20`],
    ]) {
      let miss: { text: string; contentType: string | null } | undefined;
      let hit: typeof miss;
      expect(await listCounts(async () => (miss = await raw(cached)))).toEqual({ [`${cache}:miss`]: 1 });
      expect(await listCounts(async () => (hit = await raw(cached)))).toEqual({ [`${cache}:hit`]: 1 });
      const fromPostgres = await raw(direct);

      expect(fromPostgres.contentType).toBe('application/json; charset=utf-8');
      expect(miss).toEqual(fromPostgres);
      expect(hit).toEqual(fromPostgres);
    }
    for (const filters of ['', '&status=todo&assigneeId=none']) {
      const page = JSON.parse((await raw(`/tasks?projectId=${p.id}${filters}`)).text) as TaskPage;
      expect(page.items).toHaveLength(20);
      const rest = (await h.as(bob)<TaskPage>('GET', `/tasks?projectId=${p.id}${filters}&cursor=${encodeURIComponent(page.nextCursor!)}`)).body;
      expect(rest.items.map((t) => t.title)).toEqual(['task 0']);
    }
  });

  it('should not refresh a page nobody read: the first read after a change is a miss', async () => {
    const p = await fixtures.project(ada);
    await create(ada, p, 'one');
    await refreshed();
    const board = () => h.as(ada)('GET', `/projects/${p.id}/board`);

    expect(await listCounts(() => board())).toEqual({ 'lists:miss': 1 });
    expect(await listCounts(() => h.as(ada)('GET', `/tasks?projectId=${p.id}`))).toEqual({ 'lists:miss': 1 });
  });

  it('should refresh as a current member, not as the reader who left', async () => {
    const p = await fixtures.project(ada, { editor: [bob] });
    await create(ada, p, 'kept');
    await refreshed();
    expect(titles((await h.as(bob)<TaskPage>('GET', `/tasks?projectId=${p.id}`)).body)).toEqual(['kept']); // bob's read makes it hot

    expect((await h.as(bob)('DELETE', `/projects/${p.id}/members/${bob.id}`)).status).toBe(204);
    await refreshed();

    let page: TaskPage | undefined;
    expect(await listCounts(async () => (page = (await h.as(ada)<TaskPage>('GET', `/tasks?projectId=${p.id}`)).body))).toEqual({ 'lists:hit': 1 });
    expect(titles(page!)).toEqual(['kept']);
  });

  it('should load a shape ahead once per read, not once per change: a burst of changes nobody reads in between refreshes it once', async () => {
    const p = await fixtures.project(ada);
    const pages = h.under.service.app.get(ListPageCache);
    const generations = h.under.service.app.get(TaskCaches).projectGenerations;
    const generation = async (): Promise<string> => (await generations.current([p.id]))![0];
    const loadedAt: string[] = [];
    const load = async (): Promise<string> => {
      loadedAt.push(await generation());
      return JSON.stringify({ load: loadedAt.length });
    };
    const read = (): Promise<string> => pages.projectPage(p.id, 'burst', ada.id, load);
    const change = async (): Promise<string> => {
      await generations.bump(p.id);
      pages.refreshSoon([p.id]);
      return generation();
    };

    expect(await read()).toBe('{"load":1}'); // a miss; the shape is hot
    for (let i = 0; i < 6; i++) await change(); // nobody reads in between
    await refreshed();
    expect(loadedAt).toHaveLength(2); // the first change's refresh alone (under the generation current when it ran)

    const last = await generation();
    expect(await read()).toBe('{"load":3}'); // the reader after the burst misses and loads
    const next = await change();
    await refreshed();
    expect(loadedAt.slice(2)).toEqual([last, next]); // read again: loaded ahead after the next change
    expect(await pages.projectPage(p.id, 'burst', ada.id, () => Promise.reject(new Error('a hit loads nothing')))).toBe('{"load":4}');
  });

  it('should not cache a list with a sort, a limit, a search or three filters (one or two: filtered-list-cache.int-spec.ts)', async () => {
    const p = await fixtures.project(ada);
    await create(ada, p, 'one');
    for (const query of ['&sort=-dueAt', '&limit=5', '&status=todo&priority=none&assigneeId=me', '&q=one']) {
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

  it('should merge my work from the cached first pages of each project: the same page and cursor as the query over all of them', async () => {
    const dee = await h.person('Dee');
    const projects = await Promise.all([fixtures.project(ada, { editor: [dee] }), fixtures.project(ada, { viewer: [dee] }), fixtures.project(ada, { editor: [dee] })]);
    const ids: string[] = [];
    for (let n = 0; n < 30; n++) ids.push(await create(ada, projects[n % 3], `task ${n}`));
    // ties across projects, and times whose text does not sort as they do ('01+00' < '01.25+00' < '01.5+00')
    await h.dataSource.query(
      `UPDATE task SET created_at = timestamptz '2026-01-01 00:00:01+00' + (ARRAY['0', '0.25', '0.5', '0.000001'])[1 + (number % 4)]::interval
        WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    // the rows changed behind the service's back: a member change in each project moves the generations
    for (const p of projects) expect((await h.as(ada)('POST', `/projects/${p.id}/members`, { body: { userId: bob.id, role: 'viewer' } })).status).toBe(201);
    await refreshed();
    const page = (query: string) => h.as(dee)<TaskPage>('GET', `/tasks${query}`);

    let merged: TaskPage | undefined;
    expect(await listCounts(async () => (merged = (await page('')).body))).toEqual({ 'lists:miss': 1 });
    const direct = (await page('?sort=-createdAt')).body; // not a cached shape: one query over all the projects
    expect(merged).toEqual(direct);
    expect(await listCounts(async () => expect((await page('')).body).toEqual(direct))).toEqual({ 'lists:hit': 1 });

    const rest = (await page(`?cursor=${encodeURIComponent(merged!.nextCursor!)}`)).body;
    expect(rest.nextCursor).toBeNull();
    expect(new Set([...merged!.items, ...rest.items].map((t) => t.id))).toEqual(new Set(ids));
    expect(merged!.items.length + rest.items.length).toBe(30);
  });
});
