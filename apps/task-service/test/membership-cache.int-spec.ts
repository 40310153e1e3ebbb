import { cacheRequests, grownBy } from './support/cache-metrics';
import { type ErrorBody, ProjectFixtures } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

jest.setTimeout(60_000);

/**
 * The membership cache on two instances of the service (one database, one Redis prefix): each keeps an in-process
 * LRU, and a change on one instance reaches the other's LRU before its response returns (Redis pub/sub with acks).
 * B is started last and kept alive until the end (passport keeps one strategy per process).
 */
describe('task-service membership cache', () => {
  let a: TaskHarness;
  let b: TaskHarness;
  let fixtures: ProjectFixtures;
  let owner: Person;
  let member: Person;

  beforeAll(async () => {
    a = await TaskHarness.start({ label: 'task_membership_cache' });
    b = await TaskHarness.start({ label: 'task_membership_cache', shareWith: a });
    fixtures = new ProjectFixtures(a);
    [owner, member] = await Promise.all([a.person('Olga'), a.person('Mika')]);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const codeOf = (body: unknown): string | undefined => (body as Partial<ErrorBody>).code;

  it('should serve a repeated check from the instance LRU, and a first check on the other instance from Redis', async () => {
    const project = await fixtures.project(owner, { viewer: [member] });
    const beforeB = await cacheRequests(b);

    expect((await b.as(member)('GET', `/projects/${project.id}`)).status).toBe(200);
    expect((await b.as(member)('GET', `/projects/${project.id}`)).status).toBe(200);
    // first: the project and the role miss both layers; second: both from the LRU
    expect(grownBy(beforeB, await cacheRequests(b))).toEqual({ 'lru:miss': 2, 'lru:hit': 2, 'membership:miss': 2 });

    const beforeA = await cacheRequests(a);
    expect((await a.as(member)('GET', `/projects/${project.id}`)).status).toBe(200);
    expect(grownBy(beforeA, await cacheRequests(a))).toEqual({ 'lru:miss': 2, 'membership:hit': 2 });
  });

  it('should answer 404 on B to the very next request once A has removed the member', async () => {
    const project = await fixtures.project(owner, { editor: [member] });
    const task = await fixtures.task(project.id, owner.id);
    expect((await b.as(member)('GET', `/projects/${project.id}`)).status).toBe(200);
    expect((await b.as(member)('GET', `/projects/${project.id}`)).status).toBe(200); // now in B's LRU

    expect((await a.as(owner)('DELETE', `/projects/${project.id}/members/${member.id}`)).status).toBe(204);

    const after = await b.as(member)('GET', `/projects/${project.id}`);
    expect(after.status).toBe(404);
    expect(codeOf(after.body)).toBe('PROJECT.NOT_FOUND');
    const comment = await b.as(member)('POST', `/tasks/${task}/comments`, { body: { body: 'still here?' } });
    expect(comment.status).toBe(404);
    expect(codeOf(comment.body)).toBe('TASK.NOT_FOUND');
  });

  it('should let a non-member in on B at once when A adds them (a cached "not a member" is dropped too)', async () => {
    const project = await fixtures.project(owner);
    expect((await b.as(member)('GET', `/projects/${project.id}`)).status).toBe(404);
    expect((await b.as(member)('GET', `/projects/${project.id}`)).status).toBe(404);

    expect((await a.as(owner)('POST', `/projects/${project.id}/members`, { body: { userId: member.id, role: 'viewer' } })).status).toBe(201);

    expect((await b.as(member)('GET', `/projects/${project.id}`)).status).toBe(200);
  });

  it('should apply a role change made on A to the next write on B', async () => {
    const project = await fixtures.project(owner, { editor: [member] });
    const task = await fixtures.task(project.id, owner.id);
    expect((await b.as(member)('POST', `/tasks/${task}/comments`, { body: { body: 'one' } })).status).toBe(201);

    expect((await a.as(owner)('PATCH', `/projects/${project.id}/members/${member.id}`, { body: { role: 'viewer' } })).status).toBe(200);
    const demoted = await b.as(member)('POST', `/tasks/${task}/comments`, { body: { body: 'two' } });
    expect(demoted.status).toBe(403);
    expect(codeOf(demoted.body)).toBe('PROJECT.ROLE_TOO_LOW');

    expect((await a.as(owner)('PATCH', `/projects/${project.id}/members/${member.id}`, { body: { role: 'editor' } })).status).toBe(200);
    expect((await b.as(member)('POST', `/tasks/${task}/comments`, { body: { body: 'three' } })).status).toBe(201);
  });

  it('should refuse writes on B at once when A archives the project, and take them again once A unarchives it', async () => {
    const project = await fixtures.project(owner, { editor: [member] });
    const task = await fixtures.task(project.id, owner.id);
    expect((await b.as(member)('POST', `/tasks/${task}/comments`, { body: { body: 'before' } })).status).toBe(201);

    expect((await a.as(owner)('POST', `/projects/${project.id}/archive`)).status).toBe(200);
    const archived = await b.as(member)('POST', `/tasks/${task}/comments`, { body: { body: 'during' } });
    expect(archived.status).toBe(409);
    expect(codeOf(archived.body)).toBe('PROJECT.ARCHIVED');

    expect((await a.as(owner)('POST', `/projects/${project.id}/unarchive`)).status).toBe(200);
    expect((await b.as(member)('POST', `/tasks/${task}/comments`, { body: { body: 'after' } })).status).toBe(201);
  });

  it('should answer 404 on B at once when A deletes the project', async () => {
    const project = await fixtures.project(owner, { viewer: [member] });
    expect((await b.as(member)('GET', `/projects/${project.id}`)).status).toBe(200);

    const current = await a.as(owner)<{ version: number }>('GET', `/projects/${project.id}`);
    expect((await a.as(owner)('DELETE', `/projects/${project.id}`, { headers: { 'if-match': `"${current.body.version}"` } })).status).toBe(204);

    expect((await b.as(member)('GET', `/projects/${project.id}`)).status).toBe(404);
  });
});
