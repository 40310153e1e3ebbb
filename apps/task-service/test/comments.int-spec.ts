import { TASK_COMMENT_ADDED_V1 } from '@taskhub/contracts';
import { v7 as uuidv7 } from 'uuid';
import { ProjectFixtures } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

interface Comment {
  id: string;
  authorId: string;
  authorName: string | null;
  body: string;
  mentions: string[];
  version: number;
}

interface ErrorBody {
  code: string;
  details?: { field: string; constraints: Record<string, string> }[];
}

describe('task-service comments and activity', () => {
  let tasks: TaskHarness;
  let owner: Person;
  let editor: Person;
  let viewer: Person;
  let stranger: Person;
  let project: { id: string; key: string };
  let task: { id: string; number: number };
  let fixtures: ProjectFixtures;

  const seedTask = async (projectId: string): Promise<{ id: string; number: number }> => {
    const id = await fixtures.task(projectId, owner.id);
    const [{ number }] = await tasks.dataSource.query<{ number: number }[]>('SELECT number FROM task WHERE id = $1', [id]);
    return { id, number };
  };

  beforeAll(async () => {
    tasks = await TaskHarness.start({ label: 'task_comments' });
    [owner, editor, viewer, stranger] = [await tasks.person('Olive Owner'), await tasks.person('Ed Editor'), await tasks.person('Vi Viewer'), await tasks.person('Stan Stranger')];
    fixtures = new ProjectFixtures(tasks);
    project = await fixtures.project(owner, { editor: [editor], viewer: [viewer] });
    task = await seedTask(project.id);
  });

  afterAll(async () => {
    await tasks?.close();
  });

  const comment = (who: Person, body: string) => tasks.as(who)<Comment & ErrorBody>('POST', `/tasks/${task.id}/comments`, { body: { body } });

  it('should add a comment with its mentions, announce it, record it, and list it', async () => {
    const body = `Ready, @[Olive](${owner.id}) and @[Vi](${viewer.id}); @[Olive again](${owner.id})`;

    const added = await comment(editor, body);
    const listed = await tasks.as(viewer)<{ items: Comment[] }>('GET', `/tasks/${task.id}/comments`);
    const one = await tasks.as(viewer)<Comment>('GET', `/tasks/${task.id}/comments/${added.body.id}`);

    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ authorId: editor.id, authorName: 'Ed Editor', body, mentions: [owner.id, viewer.id], version: 1 });
    expect(added.headers.get('etag')).toBe('"1"');
    expect(listed.body.items.map((c) => c.id)).toContain(added.body.id);
    expect([one.status, one.headers.get('etag'), one.body.body]).toEqual([200, '"1"', body]);
    const events = (await tasks.outbox(TASK_COMMENT_ADDED_V1.routingKey)).map((e) => e.data).filter((d) => (d as { commentId: string }).commentId === added.body.id);
    expect(events).toEqual([
      { commentId: added.body.id, taskId: task.id, projectId: project.id, taskKey: `${project.key}-${task.number}`, authorId: editor.id, mentions: [owner.id, viewer.id], excerpt: body },
    ]);
    const activity = await tasks.as(viewer)<{ items: { actor: { id: string; displayName: string }; action: string; changes: unknown[] }[] }>('GET', `/tasks/${task.id}/activity`);
    expect(activity.body.items[0]).toMatchObject({ actor: { id: editor.id, displayName: 'Ed Editor' }, action: 'comment.added', changes: [{ field: 'comment', old: null, new: added.body.id }] });
  });

  it('should refuse a mention of someone who is not a member, naming the body, and write nothing', async () => {
    const before = (await tasks.outbox(TASK_COMMENT_ADDED_V1.routingKey)).length;

    const response = await comment(editor, `ping @[Stan](${stranger.id})`);

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
    expect(response.body.details).toEqual([{ field: 'body', constraints: { mentionsMembers: `mentions must name members of the project; not members: ${stranger.id}` } }]);
    expect((await tasks.outbox(TASK_COMMENT_ADDED_V1.routingKey)).length).toBe(before);
  });

  it.each([
    ['an empty body', { body: '' }],
    ['a body over 64 KiB', { body: 'é'.repeat(32 * 1024 + 1) }],
    ['no body', {}],
    ['an unknown field', { body: 'x', pinned: true }],
  ])('should answer 400 for %s', async (_what, body) => {
    const response = await tasks.as(editor)<ErrorBody>('POST', `/tasks/${task.id}/comments`, { body });

    expect([response.status, response.body.code]).toEqual([400, 'REQUEST.VALIDATION_FAILED']);
  });

  it('should let only its author edit or delete a comment, with the right If-Match', async () => {
    const added = await comment(editor, 'first draft');

    const byOwner = await tasks.as(owner)<ErrorBody>('PATCH', `/tasks/${task.id}/comments/${added.body.id}`, { body: { body: 'hijacked' }, headers: { 'if-match': '"1"' } });
    const withoutIfMatch = await tasks.as(editor)<ErrorBody>('PATCH', `/tasks/${task.id}/comments/${added.body.id}`, { body: { body: 'second' } });
    const edited = await tasks.as(editor)<Comment>('PATCH', `/tasks/${task.id}/comments/${added.body.id}`, { body: { body: `second, @[Vi](${viewer.id})` }, headers: { 'if-match': '"1"' } });
    const stale = await tasks.as(editor)<ErrorBody>('PATCH', `/tasks/${task.id}/comments/${added.body.id}`, { body: { body: 'third' }, headers: { 'if-match': '"1"' } });
    const staleDelete = await tasks.as(editor)<ErrorBody>('DELETE', `/tasks/${task.id}/comments/${added.body.id}`, { headers: { 'if-match': '"1"' } });
    const deleted = await tasks.as(editor)('DELETE', `/tasks/${task.id}/comments/${added.body.id}`, { headers: { 'if-match': '"2"' } });
    const gone = await tasks.as(editor)<ErrorBody>('GET', `/tasks/${task.id}/comments/${added.body.id}`);

    expect([byOwner.status, byOwner.body.code]).toEqual([403, 'COMMENT.NOT_AUTHOR']);
    expect([withoutIfMatch.status, withoutIfMatch.body.code]).toEqual([428, 'PRECONDITION.REQUIRED']);
    expect([edited.status, edited.headers.get('etag'), edited.body.body, edited.body.mentions, edited.body.version]).toEqual([200, '"2"', `second, @[Vi](${viewer.id})`, [viewer.id], 2]);
    expect([stale.status, stale.body.code]).toEqual([412, 'PRECONDITION.FAILED']);
    expect(staleDelete.status).toBe(412);
    expect(deleted.status).toBe(204);
    expect([gone.status, gone.body.code]).toEqual([404, 'COMMENT.NOT_FOUND']);
    const actions = (await tasks.dataSource.query<{ action: string }[]>(`SELECT action FROM activity WHERE task_id = $1 AND changes::text LIKE $2 ORDER BY id`, [task.id, `%${added.body.id}%`])).map(
      (r) => r.action,
    );
    expect(actions).toEqual(['comment.added', 'comment.edited', 'comment.deleted']);
  });

  it('should let viewers read but not comment, and answer 404 to non-members whatever they try', async () => {
    const added = await comment(editor, 'for members only');

    const viewerPost = await comment(viewer, 'me too');
    const strangerAnswers = await Promise.all([
      tasks.as(stranger)<ErrorBody>('GET', `/tasks/${task.id}/comments`),
      tasks.as(stranger)<ErrorBody>('GET', `/tasks/${task.id}/comments/${added.body.id}`),
      comment(stranger, 'hello?'),
      tasks.as(stranger)<ErrorBody>('GET', `/tasks/${task.id}/activity`),
      tasks.as(stranger)<ErrorBody>('GET', `/projects/${project.id}/activity`),
    ]);

    expect([viewerPost.status, viewerPost.body.code]).toEqual([403, 'PROJECT.ROLE_TOO_LOW']);
    expect(strangerAnswers.map((r) => [r.status, r.body.code])).toEqual([
      [404, 'TASK.NOT_FOUND'],
      [404, 'TASK.NOT_FOUND'],
      [404, 'TASK.NOT_FOUND'],
      [404, 'TASK.NOT_FOUND'],
      [404, 'PROJECT.NOT_FOUND'],
    ]);
    expect((await tasks.as(editor)('GET', `/tasks/${uuidv7()}/comments`)).status).toBe(404);
  });

  it('should page comments oldest first and the activity newest first, each entry once', async () => {
    const other = await seedTask(project.id);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await tasks.as(editor)<Comment>('POST', `/tasks/${other.id}/comments`, { body: { body: `c${i}` } })).body.id);

    const comments = await pages<{ id: string }>(`/tasks/${other.id}/comments`);
    const activity = await pages<{ changes: { new: string }[] }>(`/tasks/${other.id}/activity`);

    expect(comments.map((c) => c.id)).toEqual(ids);
    expect(activity.map((a) => a.changes[0].new)).toEqual([...ids].reverse());
  });

  async function pages<T>(route: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: T[]; nextCursor: string | null } } = await tasks.as(viewer)<{ items: T[]; nextCursor: string | null }>('GET', `${route}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    return items;
  }
});
