import { waitFor } from '@taskhub/platform-testing';
import { cacheRequests, grownBy } from './support/cache-metrics';
import { ProjectFixtures, type ProjectBody } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

jest.setTimeout(90_000);

/**
 * Warming at startup: a new instance loads the membership, default list, board and stats of the recently active
 * projects before /health/ready answers 200, so its first requests are cache hits. The instances share one database
 * and Redis prefix; the last-started one stays alive until the end (passport keeps one strategy per process).
 */
describe('task-service cache warming', () => {
  let a: TaskHarness;
  const later: TaskHarness[] = [];
  let fixtures: ProjectFixtures;
  let owner: Person;
  let viewer: Person;
  let older: ProjectBody;
  let recent: ProjectBody;

  beforeAll(async () => {
    a = await TaskHarness.start({ label: 'task_cache_warming' });
    fixtures = new ProjectFixtures(a);
    [owner, viewer] = await Promise.all([a.person('Olga'), a.person('Vic')]);
    older = await fixtures.project(owner, { viewer: [viewer] }, 'Older');
    recent = await fixtures.project(owner, { viewer: [viewer] }, 'Recent');
    for (const p of [older, recent]) {
      expect((await a.as(owner)('POST', '/tasks', { body: { projectId: p.id, title: `in ${p.name}` } })).status).toBe(201);
    }
  });

  afterAll(async () => {
    for (const instance of later.reverse()) await instance.close();
    await a?.close();
  });

  /**
   * Another instance, once /health/ready answers 200. Its warming may take up to a minute (the most the config allows):
   * the default 5 s was passed on a loaded machine, readiness then answered with the warming cut short, and the
   * counts below are of a warming that finished.
   */
  const startReady = async (env: Record<string, string> = {}): Promise<TaskHarness> => {
    const instance = await TaskHarness.start({ label: 'task_cache_warming', shareWith: a, env: { CACHE_WARM_TIMEOUT_MS: '60000', ...env } });
    later.push(instance);
    await waitFor(async () => (await fetch(`${instance.baseUrl}/health/ready`)).status === 200, { description: 'ready', timeoutMs: 60_000 });
    return instance;
  };

  it('should answer the first requests of a new instance from its warmed caches once it is ready', async () => {
    const b = await startReady();
    const before = await cacheRequests(b);

    expect((await b.as(viewer)('GET', `/tasks?projectId=${recent.id}`)).status).toBe(200);
    expect((await b.as(viewer)('GET', `/projects/${recent.id}/board`)).status).toBe(200);
    expect((await b.as(viewer)('GET', `/projects/${recent.id}/stats`)).status).toBe(200);

    // project and role from the instance's own LRU on each request; each shape from Redis, loaded by the warming
    expect(grownBy(before, await cacheRequests(b))).toEqual({ 'lru:hit': 6, 'lists:hit': 2, 'stats:hit': 1 });
  });

  it('should warm at most CACHE_WARM_MAX_PROJECTS projects, the most recently active first', async () => {
    // the older project becomes the most recent
    expect((await a.as(owner)('POST', '/tasks', { body: { projectId: older.id, title: 'again' } })).status).toBe(201);
    const c = await startReady({ CACHE_WARM_MAX_PROJECTS: '1' });
    const before = await cacheRequests(c);

    expect((await c.as(viewer)('GET', `/projects/${older.id}`)).status).toBe(200);
    expect(grownBy(before, await cacheRequests(c))).toEqual({ 'lru:hit': 2 });
    expect((await c.as(viewer)('GET', `/projects/${recent.id}`)).status).toBe(200);
    expect(grownBy(before, await cacheRequests(c))).toEqual({ 'lru:hit': 2, 'lru:miss': 2, 'membership:hit': 2 });
  });
});
