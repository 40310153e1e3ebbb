import { ProjectFixtures, type ProjectBody } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';
import { TaskListFixtures, type TaskPageBody } from './support/task-list-fixtures';

jest.setTimeout(60_000);

describe('task-service task search and query count', () => {
  let h: TaskHarness;
  let projects: ProjectFixtures;
  let fixtures: TaskListFixtures;
  let ada: Person;
  let project: ProjectBody;
  const titles = new Map<string, string>();

  const search = async (q: string, extra = ''): Promise<string[]> => {
    const page = await h.as(ada)<TaskPageBody>('GET', `/tasks?projectId=${project.id}&q=${encodeURIComponent(q)}${extra}`);
    expect(page.status).toBe(200);
    return page.body.items.map((item) => item.title);
  };
  const task = async (title: string, description?: string): Promise<string> => {
    const id = await fixtures.task(project.id, ada.id, { title, description });
    titles.set(id, title);
    return id;
  };

  beforeAll(async () => {
    h = await TaskHarness.start({ label: 'task_search', env: { USER_RATE_LIMIT_PER_MINUTE: '100000' } });
    projects = new ProjectFixtures(h);
    fixtures = new TaskListFixtures(h);
    ada = await h.person('Ada Lovelace');
    project = await projects.project(ada);
    await task('Run the migrations');
    await task('Plan the week', 'Write the deployment checklist');
    await task('Deploy the site');
    await task('Überprüfung für Müller');
    await task('Unrelated');
  });

  afterAll(() => h?.close());

  it('should find a word by its English stem: "running" finds "run"', async () => {
    expect(await search('running')).toEqual(['Run the migrations']);
  });

  it('should match the last word as a prefix, a title match ranked before a description-only match', async () => {
    expect(await search('deplo')).toEqual(['Deploy the site', 'Plan the week']);
    expect(await search('deployment checkl')).toEqual(['Plan the week']);
  });

  it('should page a search in rank order with the shared cursor, ignoring sort', async () => {
    const ids = await fixtures.allPages((cursor) =>
      h.as(ada)<TaskPageBody>('GET', `/tasks?projectId=${project.id}&q=deplo&sort=number&limit=1${cursor ? `&cursor=${cursor}` : ''}`),
    );
    expect(ids.map((id) => titles.get(id))).toEqual(['Deploy the site', 'Plan the week']);
  });

  it('should find names and words of other languages as written (the simple fallback)', async () => {
    expect(await search('müll')).toEqual(['Überprüfung für Müller']);
    expect(await search('überprüfung')).toEqual(['Überprüfung für Müller']);
  });

  it("should find a task by a word only in its comments, follow the comment's edits and forget it once deleted", async () => {
    const id = await task('Quiet task');
    const comment = await h.as(ada)<{ id: string }>('POST', `/tasks/${id}/comments`, { body: { body: 'the zebra gallops' } });
    expect(comment.status).toBe(201);
    expect(await search('zebra')).toEqual(['Quiet task']);
    const edited = await h.as(ada)('PATCH', `/tasks/${id}/comments/${comment.body.id}`, { body: { body: 'the giraffe stands' }, headers: { 'if-match': '"1"' } });
    expect(edited.status).toBe(200);
    expect(await search('zebra')).toEqual([]);
    expect(await search('giraffes')).toEqual(['Quiet task']);
    expect((await h.as(ada)('DELETE', `/tasks/${id}/comments/${comment.body.id}`, { headers: { 'if-match': '"2"' } })).status).toBe(204);
    expect(await search('giraffe')).toEqual([]);
  });

  it("should follow a task's title edits through the API", async () => {
    const created = await h.as(ada)<{ id: string }>('POST', '/tasks', { body: { projectId: project.id, title: 'Paint the fence' } });
    expect(await search('paint')).toEqual(['Paint the fence']);
    const patched = await h.as(ada)('PATCH', `/tasks/${created.body.id}`, { body: { title: 'Mend the fence' }, headers: { 'if-match': '"1"' } });
    expect(patched.status).toBe(200);
    expect(await search('paint')).toEqual([]);
    expect(await search('mending fen')).toEqual(['Mend the fence']);
  });

  describe('query count', () => {
    /** The SQL statements the service sends while `run` runs, without the background outbox and inbox work. */
    async function statementsDuring(run: () => Promise<unknown>): Promise<string[]> {
      // every statement of TypeORM's query runner passes its logger (whether logging is on or not)
      const spy = jest.spyOn(h.dataSource.logger, 'logQuery');
      try {
        await run();
        return spy.mock.calls.map(([sql]) => sql).filter((sql) => !/outbox|inbox/i.test(sql));
      } finally {
        spy.mockRestore();
      }
    }

    it('should list 5 and 100 tasks, each with assignees and labels, in the same number of statements', async () => {
      const people = await Promise.all([h.person('Count one'), h.person('Count two')]);
      const counted: Record<number, string[]> = {};
      for (const size of [5, 100]) {
        const p = await projects.project(ada, { editor: people });
        const labels = await Promise.all(['x', 'y'].map((name) => h.as(ada)<{ id: string }>('POST', `/projects/${p.id}/labels`, { body: { name, color: '#000000' } })));
        for (let i = 0; i < size; i++) {
          await fixtures.task(p.id, ada.id, { assignees: people.map((x) => x.id), labels: labels.map((l) => l.body.id) });
        }
        counted[size] = await statementsDuring(async () => {
          const page = await h.as(ada)<TaskPageBody>('GET', `/tasks?projectId=${p.id}&limit=100`);
          expect(page.body.items).toHaveLength(size);
          expect(page.body.items.every((t) => t.assignees.length === 2 && t.labels.length === 2)).toBe(true);
        });
      }
      // the membership check (project and role: new to the membership cache, so each is loaded once) and the page
      expect(counted[5].length).toBe(3);
      expect(counted[100].length).toBe(counted[5].length);
    });
  });
});
