import { TASK_TASK_ASSIGNED_V1, TASK_TASK_CREATED_V1, TASK_TASK_DELETED_V1, TASK_TASK_STATUS_CHANGED_V1, TASK_TASK_UPDATED_V1, type ProjectRole } from '@taskhub/contracts';
import { v7 as uuidv7 } from 'uuid';
import { type Person, TaskHarness } from './support/task-harness';

interface TaskBody {
  id: string;
  projectId: string;
  number: number;
  key: string;
  title: string;
  description: string | null;
  status: string;
  priority: string;
  startAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
  parentId: string | null;
  parentDeleted: boolean;
  subtaskCount: number;
  assignees: { id: string; displayName: string | null }[];
  labels: { id: string; name: string; color: string }[];
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { field: string; constraints: Record<string, string> }[];
}

interface Project {
  readonly id: string;
  readonly key: string;
}

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown as string;
const DAY_MS = 86_400_000;
/** the order of the API's lists: by id (as Postgres orders UUIDs) */
const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('task-service tasks', () => {
  let h: TaskHarness;
  let ada: Person;
  let bob: Person;
  let cyd: Person;
  let keys = 0;
  /** a second instance on the same database and Redis keys, started by the idempotency test */
  let replica: TaskHarness | undefined;

  beforeAll(async () => {
    // The 50 concurrent creates below queue on their project's row lock, one at a time: on a busy 2-core machine the
    // last one waits longer than the pool's 2 s slot wait and the 5 s statement timeout, and answers 503 (which is the
    // right answer to an overload). Numbering is this spec's subject, so every create gets a connection and time.
    h = await TaskHarness.start({ label: 'tasks', env: { DATABASE_POOL_MAX: '60', DATABASE_STATEMENT_TIMEOUT_MS: '60000' } });
    [ada, bob, cyd] = await Promise.all([h.person('Ada Lovelace'), h.person('Bob Kahn'), h.person('Cyd Charisse')]);
  });

  afterAll(async () => {
    await replica?.close();
    await h?.close();
  });

  // projects, members and labels straight into the database: their routes are another feature's
  const project = async (owner: Person, key = `P${++keys}`): Promise<Project> => {
    const id = uuidv7();
    await h.dataSource.query(`INSERT INTO project (id, key, name, created_by) VALUES ($1, $2, $3, $4)`, [id, key, `Project ${key}`, owner.id]);
    await member({ id, key }, owner, 'owner');
    return { id, key };
  };
  const member = async (p: Project, who: Person, role: ProjectRole): Promise<void> => {
    await h.dataSource.query(`INSERT INTO project_member (project_id, user_id, role, added_by) VALUES ($1, $2, $3, $2)`, [p.id, who.id, role]);
  };
  const label = async (p: Project, name: string, color = '#d73a4a'): Promise<{ id: string; name: string; color: string }> => {
    const id = uuidv7();
    await h.dataSource.query(`INSERT INTO label (id, project_id, name, color) VALUES ($1, $2, $3, $4)`, [id, p.id, name, color]);
    return { id, name, color };
  };
  const archive = (p: Project) => h.dataSource.query(`UPDATE project SET archived_at = now() WHERE id = $1`, [p.id]);

  const create = (who: Person, body: Record<string, unknown>) => h.as(who)<TaskBody & ErrorBody>('POST', '/tasks', { body });
  const get = (who: Person, id: string) => h.as(who)<TaskBody & ErrorBody>('GET', `/tasks/${id}`);
  /** If-Match with the task's current version, as a client that has just read it sends it (`"1"` for no such task). */
  const current = async (id: string): Promise<Record<string, string>> => {
    const rows = await h.dataSource.query<{ version: number }[]>(`SELECT version FROM task WHERE id = $1`, [id]);
    return { 'if-match': `"${rows[0]?.version ?? 1}"` };
  };
  const patch = async (who: Person, id: string, body: Record<string, unknown>) =>
    h.as(who)<TaskBody & ErrorBody>('PATCH', `/tasks/${id}`, { body, headers: await current(id) });
  const remove = async (who: Person, id: string) => h.as(who)<ErrorBody>('DELETE', `/tasks/${id}`, { headers: await current(id) });
  const restore = (who: Person, id: string) => h.as(who)<TaskBody & ErrorBody>('POST', `/tasks/${id}/restore`);
  /** A task made through the API (201 asserted), as its body. */
  const task = async (who: Person, p: Project, body: Record<string, unknown> = {}): Promise<TaskBody> => {
    const response = await create(who, { projectId: p.id, title: 'A task', ...body });
    expect(response.status).toBe(201);
    return response.body;
  };

  const eventsOf = async (routingKey: string, taskId: string) =>
    (await h.outbox(routingKey)).map((e) => e.data as { taskId: string }).filter((data) => data.taskId === taskId);
  const activityOf = (taskId: string) =>
    h.dataSource.query<{ actor_id: string; actor_name: string | null; action: string; changes: unknown[] }[]>(
      `SELECT actor_id, actor_name, action, changes FROM activity WHERE task_id = $1 ORDER BY id`,
      [taskId],
    );
  const fieldsOf = (body: ErrorBody) => body.details?.map((d) => d.field);

  describe('POST /tasks', () => {
    it('should create the first task of a project as <key>-1 with the whole task, its history and its events', async () => {
      const web = await project(ada, 'WEB');
      await member(web, bob, 'editor');
      const bug = await label(web, 'bug');
      const ui = await label(web, 'ui', '#00ff00');

      const response = await create(ada, {
        projectId: web.id,
        title: '  Ship the login page  ',
        description: '# Login\nThe form posts to `/auth/login`.',
        priority: 'high',
        startAt: '2026-03-01',
        dueAt: '2026-03-02T09:00:00+02:00',
        assigneeIds: [bob.id, ada.id],
        labelIds: [ui.id, bug.id],
      });

      expect(response.status).toBe(201);
      const body = response.body;
      expect(body).toEqual({
        id: expect.any(String) as unknown,
        projectId: web.id,
        number: 1,
        key: 'WEB-1',
        title: 'Ship the login page',
        description: '# Login\nThe form posts to `/auth/login`.',
        status: 'todo',
        priority: 'high',
        startAt: '2026-03-01T00:00:00.000Z',
        dueAt: '2026-03-02T07:00:00.000Z',
        completedAt: null,
        parentId: null,
        parentDeleted: false,
        subtaskCount: 0,
        assignees: [
          { id: ada.id, displayName: 'Ada Lovelace' },
          { id: bob.id, displayName: 'Bob Kahn' },
        ].sort(byId),
        labels: [bug, ui].sort(byId),
        version: 1,
        createdBy: ada.id,
        createdAt: ISO,
        updatedAt: ISO,
      });
      const assigneeIds = [ada.id, bob.id].sort();
      const labelIds = [bug.id, ui.id].sort();
      expect(await eventsOf(TASK_TASK_CREATED_V1.routingKey, body.id)).toEqual([
        {
          taskId: body.id,
          projectId: web.id,
          number: 1,
          key: 'WEB-1',
          title: 'Ship the login page',
          status: 'todo',
          priority: 'high',
          assigneeIds,
          labelIds,
          parentId: null,
          dueAt: '2026-03-02T07:00:00.000Z',
          createdBy: ada.id,
        },
      ]);
      expect(await eventsOf(TASK_TASK_ASSIGNED_V1.routingKey, body.id)).toEqual([
        { taskId: body.id, projectId: web.id, key: 'WEB-1', title: 'Ship the login page', assigneeIds, assignedBy: ada.id },
      ]);
      expect(await activityOf(body.id)).toEqual([
        {
          actor_id: ada.id,
          actor_name: 'Ada Lovelace',
          action: 'task.created',
          changes: [
            { field: 'title', old: null, new: 'Ship the login page' },
            { field: 'description', old: null, new: '# Login\nThe form posts to `/auth/login`.' },
            { field: 'status', old: null, new: 'todo' },
            { field: 'priority', old: null, new: 'high' },
            { field: 'startAt', old: null, new: '2026-03-01T00:00:00.000Z' },
            { field: 'dueAt', old: null, new: '2026-03-02T07:00:00.000Z' },
            { field: 'assigneeIds', old: null, new: assigneeIds },
            { field: 'labelIds', old: null, new: labelIds },
          ],
        },
      ]);
    });

    it('should default to todo and no priority, send no task.task.assigned.v1 without assignees, and set completedAt on a task created done', async () => {
      const p = await project(ada);

      const plain = await task(ada, p);
      const done = await task(ada, p, { status: 'done' });

      expect(plain).toMatchObject({ number: 1, status: 'todo', priority: 'none', description: null, assignees: [], labels: [], completedAt: null });
      expect(done).toMatchObject({ number: 2, status: 'done', completedAt: ISO });
      expect(await eventsOf(TASK_TASK_ASSIGNED_V1.routingKey, plain.id)).toEqual([]);
    });

    it('should give the numbers 1 to 50 to 50 concurrent creates, and a create that fails after taking its number gives it back', async () => {
      const p = await project(ada);

      const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => create(ada, { projectId: p.id, title: `Task ${i}` })));

      expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 201));
      expect(responses.map((r) => r.body.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      // a non-member assignee is refused after the number is taken (under the project's lock): the rollback returns it
      const refused = await create(ada, { projectId: p.id, title: 'Refused', assigneeIds: [cyd.id] });
      expect(refused.status).toBe(400);
      expect((await task(ada, p)).key).toBe(`${p.key}-51`);
      expect((await h.dataSource.query<{ task_counter: number }[]>(`SELECT task_counter FROM project WHERE id = $1`, [p.id]))[0].task_counter).toBe(51);
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['no title', { title: undefined }, ['title']],
      ['a blank title', { title: '   ' }, ['title']],
      ['a title of 201 characters', { title: 'x'.repeat(201) }, ['title']],
      ['a description of 65,537 bytes', { description: `${'é'.repeat(32_768)}x` }, ['description']],
      ['an unknown status', { status: 'open' }, ['status']],
      ['an unknown priority', { priority: 'critical' }, ['priority']],
      ['a startAt that is not a date', { startAt: 'tomorrow' }, ['startAt']],
      ['a dueAt that is not a date', { dueAt: '2026-13-01' }, ['dueAt']],
      ['51 assignees', { assigneeIds: Array.from({ length: 51 }, () => uuidv7()) }, ['assigneeIds']],
      ['an assignee twice', { assigneeIds: ['0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e', '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e'] }, ['assigneeIds']],
      ['an assignee id that is not a UUID', { assigneeIds: ['bob'] }, ['assigneeIds']],
      ['51 labels', { labelIds: Array.from({ length: 51 }, () => uuidv7()) }, ['labelIds']],
      ['a parentId that is not a UUID', { parentId: 'WEB-1' }, ['parentId']],
      ['a number of its own', { number: 7 }, ['number']],
    ])('should answer 400 naming the field for %s', async (_, fields, named) => {
      const p = await project(ada);

      const response = await create(ada, { projectId: p.id, title: 'A task', ...fields });

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
      expect(fieldsOf(response.body)).toEqual(named);
    });

    it('should answer 400 naming projectId without one, and accept a description of exactly 64 KiB', async () => {
      const p = await project(ada);

      const noProject = await create(ada, { title: 'A task' });
      const full = await create(ada, { projectId: p.id, title: 'A task', description: 'é'.repeat(32_768) });

      expect(noProject.status).toBe(400);
      expect(fieldsOf(noProject.body)).toEqual(['projectId']);
      expect(full.status).toBe(201);
      expect(full.body.description).toHaveLength(32_768);
    });

    it('should refuse what the database answers with a 400 naming the field, and take no number for it', async () => {
      const p = await project(ada);
      await member(p, bob, 'editor');
      const other = await project(ada);
      const otherLabel = await label(other, 'bug');
      const otherTask = await task(ada, other);
      const deleted = await task(ada, p);
      expect((await remove(ada, deleted.id)).status).toBe(204);
      const cases: [Record<string, unknown>, string, string][] = [
        [{ startAt: '2026-03-02', dueAt: '2026-03-01' }, 'TASK.DATES_REVERSED', 'dueAt'],
        [{ assigneeIds: [bob.id, cyd.id] }, 'TASK.ASSIGNEE_NOT_MEMBER', 'assigneeIds'],
        [{ assigneeIds: [uuidv7()] }, 'TASK.ASSIGNEE_NOT_MEMBER', 'assigneeIds'],
        [{ labelIds: [otherLabel.id] }, 'TASK.LABEL_NOT_IN_PROJECT', 'labelIds'],
        [{ labelIds: [uuidv7()] }, 'TASK.LABEL_NOT_IN_PROJECT', 'labelIds'],
        [{ parentId: otherTask.id }, 'TASK.PARENT_NOT_IN_PROJECT', 'parentId'],
        [{ parentId: uuidv7() }, 'TASK.PARENT_NOT_IN_PROJECT', 'parentId'],
        [{ parentId: deleted.id }, 'TASK.PARENT_DELETED', 'parentId'],
      ];

      for (const [fields, code, field] of cases) {
        const response = await create(ada, { projectId: p.id, title: 'A task', ...fields });
        expect([response.status, response.body.code, fieldsOf(response.body)]).toEqual([400, code, [field]]);
      }
      expect((await create(ada, { projectId: p.id, title: 'A task', assigneeIds: [cyd.id] })).body.message).toBe(
        `assigneeIds must be members of the project: ${cyd.id} not`,
      );
      expect((await task(ada, p)).number).toBe(2);
    });

    it('should answer 404 to a non-member (whether the project exists or not), 403 to a viewer and 409 in an archived project', async () => {
      const p = await project(ada);
      await member(p, bob, 'viewer');

      const stranger = await create(cyd, { projectId: p.id, title: 'A task' });
      const nowhere = await create(cyd, { projectId: uuidv7(), title: 'A task' });
      const viewer = await create(bob, { projectId: p.id, title: 'A task' });
      await archive(p);
      const archived = await create(ada, { projectId: p.id, title: 'A task' });

      expect([stranger.status, stranger.body.code]).toEqual([404, 'PROJECT.NOT_FOUND']);
      expect([nowhere.status, nowhere.body.code]).toEqual([404, 'PROJECT.NOT_FOUND']);
      expect([viewer.status, viewer.body.code]).toEqual([403, 'PROJECT.ROLE_TOO_LOW']);
      expect([archived.status, archived.body.code]).toEqual([409, 'PROJECT.ARCHIVED']);
      expect((await h.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM task WHERE project_id = $1`, [p.id]))[0].n).toBe(0);
    });
  });

  describe('GET /tasks/:id and /projects/:id/tasks/:key', () => {
    it('should show a task to every member, by id and by key, and answer 404 to anyone else', async () => {
      const p = await project(ada);
      await member(p, bob, 'viewer');
      const created = await task(ada, p, { assigneeIds: [ada.id] });

      const byId = await get(bob, created.id);
      const byKey = await h.as(bob)<TaskBody>('GET', `/projects/${p.id}/tasks/${p.key}-1`);
      const lowerCase = await h.as(bob)<TaskBody>('GET', `/projects/${p.id}/tasks/${p.key.toLowerCase()}-1`);
      const stranger = await get(cyd, created.id);
      const strangerByKey = await h.as(cyd)<ErrorBody>('GET', `/projects/${p.id}/tasks/${p.key}-1`);

      expect([byId.status, byId.body]).toEqual([200, created]);
      expect([byKey.status, byKey.body]).toEqual([200, created]);
      expect([lowerCase.status, lowerCase.body]).toEqual([200, created]);
      expect([stranger.status, stranger.body.code]).toEqual([404, 'TASK.NOT_FOUND']);
      expect([strangerByKey.status, strangerByKey.body.code]).toEqual([404, 'PROJECT.NOT_FOUND']);
    });

    it("should answer 404 to an unknown id, a key of another project, a malformed key or a number not taken, and 400 to a malformed id", async () => {
      const p = await project(ada);
      const other = await project(ada);
      await task(ada, p);
      await task(ada, other);

      const byKey = (key: string) => h.as(ada)<ErrorBody>('GET', `/projects/${p.id}/tasks/${key}`);
      const answers = await Promise.all([get(ada, uuidv7()), byKey(`${other.key}-1`), byKey('1'), byKey(`${p.key}-0`), byKey(`${p.key}-2`)]);
      const malformed = await get(ada, 'not-a-uuid');

      expect(answers.map((a) => [a.status, a.body.code])).toEqual(Array.from({ length: 5 }, () => [404, 'TASK.NOT_FOUND']));
      expect(malformed.status).toBe(400);
    });
  });

  describe('PATCH /tasks/:id', () => {
    it('should change the fields sent, bump the version, and write one history entry and the events of the change', async () => {
      const p = await project(ada);
      await member(p, bob, 'editor');
      await member(p, cyd, 'viewer');
      const bug = await label(p, 'bug');
      const before = await task(ada, p, { title: 'Draft', assigneeIds: [ada.id], dueAt: '2026-05-01' });

      const response = await patch(bob, before.id, {
        title: 'Final',
        description: 'Now with *details*',
        status: 'in_progress',
        priority: 'urgent',
        dueAt: null,
        assigneeIds: [ada.id, bob.id, cyd.id],
        labelIds: [bug.id],
      });

      expect(response.status).toBe(200);
      const people = [ada, bob, cyd].map((x) => ({ id: x.id, displayName: x.displayName })).sort(byId);
      expect(response.body).toEqual({
        ...before,
        title: 'Final',
        description: 'Now with *details*',
        status: 'in_progress',
        priority: 'urgent',
        dueAt: null,
        assignees: people,
        labels: [bug],
        version: 2,
        updatedAt: ISO,
      });
      expect(await get(ada, before.id)).toMatchObject({ status: 200, body: response.body });
      const changes = [
        { field: 'title', old: 'Draft', new: 'Final' },
        { field: 'description', old: null, new: 'Now with *details*' },
        { field: 'status', old: 'todo', new: 'in_progress' },
        { field: 'priority', old: 'none', new: 'urgent' },
        { field: 'dueAt', old: '2026-05-01T00:00:00.000Z', new: null },
        { field: 'assigneeIds', old: [ada.id], new: people.map((x) => x.id) },
        { field: 'labelIds', old: [], new: [bug.id] },
      ];
      expect((await activityOf(before.id)).slice(1)).toEqual([{ actor_id: bob.id, actor_name: 'Bob Kahn', action: 'task.updated', changes }]);
      expect(await eventsOf(TASK_TASK_UPDATED_V1.routingKey, before.id)).toEqual([{ taskId: before.id, projectId: p.id, version: 2, changes, updatedBy: bob.id }]);
      expect(await eventsOf(TASK_TASK_ASSIGNED_V1.routingKey, before.id)).toEqual([
        { taskId: before.id, projectId: p.id, key: before.key, title: 'Draft', assigneeIds: [ada.id], assignedBy: ada.id },
        { taskId: before.id, projectId: p.id, key: before.key, title: 'Final', assigneeIds: [bob.id, cyd.id].sort(), assignedBy: bob.id },
      ]);
      expect(await eventsOf(TASK_TASK_STATUS_CHANGED_V1.routingKey, before.id)).toEqual([
        { taskId: before.id, projectId: p.id, key: before.key, title: 'Final', from: 'todo', to: 'in_progress', changedBy: bob.id },
      ]);
    });

    it('should answer a PATCH that changes nothing with the task as it is: no new version, no history, no event', async () => {
      const p = await project(ada);
      const before = await task(ada, p, { title: 'Same', assigneeIds: [ada.id], startAt: '2026-03-01T00:00:00Z' });

      const response = await patch(ada, before.id, { title: ' Same ', assigneeIds: [ada.id], startAt: '2026-03-01', description: null });
      const empty = await patch(ada, before.id, {});

      expect([response.status, response.body]).toEqual([200, before]);
      expect([empty.status, empty.body]).toEqual([200, before]);
      expect((await activityOf(before.id)).map((a) => a.action)).toEqual(['task.created']);
      expect(await eventsOf(TASK_TASK_UPDATED_V1.routingKey, before.id)).toEqual([]);
    });

    it('should set completedAt when the status becomes done and clear it when it leaves done (cancelled is not completed)', async () => {
      const p = await project(ada);
      const t = await task(ada, p);

      const done = await patch(ada, t.id, { status: 'done' });
      const reopened = await patch(ada, t.id, { status: 'in_progress' });
      await patch(ada, t.id, { status: 'done' });
      const cancelled = await patch(ada, t.id, { status: 'cancelled' });

      expect(done.body).toMatchObject({ status: 'done', completedAt: ISO, version: 2 });
      expect(reopened.body).toMatchObject({ status: 'in_progress', completedAt: null, version: 3 });
      expect(cancelled.body).toMatchObject({ status: 'cancelled', completedAt: null, version: 5 });
      const history = (await activityOf(t.id)).slice(1).map((a) => a.changes);
      expect(history).toEqual([
        [
          { field: 'status', old: 'todo', new: 'done' },
          { field: 'completedAt', old: null, new: done.body.completedAt },
        ],
        [
          { field: 'status', old: 'done', new: 'in_progress' },
          { field: 'completedAt', old: done.body.completedAt, new: null },
        ],
        [
          { field: 'status', old: 'in_progress', new: 'done' },
          { field: 'completedAt', old: null, new: ISO },
        ],
        [
          { field: 'status', old: 'done', new: 'cancelled' },
          { field: 'completedAt', old: ISO, new: null },
        ],
      ]);
      expect((await eventsOf(TASK_TASK_STATUS_CHANGED_V1.routingKey, t.id)).map((e) => e as unknown as { from: string; to: string })).toEqual([
        expect.objectContaining({ from: 'todo', to: 'done' }),
        expect.objectContaining({ from: 'done', to: 'in_progress' }),
        expect.objectContaining({ from: 'in_progress', to: 'done' }),
        expect.objectContaining({ from: 'done', to: 'cancelled' }),
      ]);
    });

    it('should refuse each bad field with a 400 naming it, and leave the task as it was', async () => {
      const p = await project(ada);
      const other = await project(ada);
      const otherLabel = await label(other, 'bug');
      const t = await task(ada, p, { dueAt: '2026-03-01' });
      const cases: [Record<string, unknown>, string, string][] = [
        [{ title: null }, 'REQUEST.VALIDATION_FAILED', 'title'],
        [{ title: '' }, 'REQUEST.VALIDATION_FAILED', 'title'],
        [{ status: null }, 'REQUEST.VALIDATION_FAILED', 'status'],
        [{ projectId: other.id }, 'REQUEST.VALIDATION_FAILED', 'projectId'],
        [{ description: 'x'.repeat(65_537) }, 'REQUEST.VALIDATION_FAILED', 'description'],
        [{ assigneeIds: null }, 'REQUEST.VALIDATION_FAILED', 'assigneeIds'],
        [{ labelIds: Array.from({ length: 51 }, () => uuidv7()) }, 'REQUEST.VALIDATION_FAILED', 'labelIds'],
        [{ startAt: '2026-03-02' }, 'TASK.DATES_REVERSED', 'startAt'],
        [{ startAt: '2026-03-03', dueAt: '2026-03-02' }, 'TASK.DATES_REVERSED', 'dueAt'],
        [{ assigneeIds: [cyd.id] }, 'TASK.ASSIGNEE_NOT_MEMBER', 'assigneeIds'],
        [{ labelIds: [otherLabel.id] }, 'TASK.LABEL_NOT_IN_PROJECT', 'labelIds'],
        [{ parentId: uuidv7() }, 'TASK.PARENT_NOT_IN_PROJECT', 'parentId'],
      ];

      for (const [fields, code, field] of cases) {
        const response = await patch(ada, t.id, fields);
        expect([response.status, response.body.code, fieldsOf(response.body)]).toEqual([400, code, [field]]);
      }
      expect((await get(ada, t.id)).body).toEqual(t);
    });

    it('should let a viewer read but not change, and answer 404 to a non-member and 409 in an archived project', async () => {
      const p = await project(ada);
      await member(p, bob, 'viewer');
      const t = await task(ada, p);

      const viewer = await patch(bob, t.id, { title: 'Mine' });
      const stranger = await patch(cyd, t.id, { title: 'Mine' });
      await archive(p);
      const archived = await patch(ada, t.id, { title: 'Mine' });
      const read = await get(bob, t.id);

      expect([viewer.status, viewer.body.code]).toEqual([403, 'PROJECT.ROLE_TOO_LOW']);
      expect([stranger.status, stranger.body.code]).toEqual([404, 'TASK.NOT_FOUND']);
      expect([archived.status, archived.body.code]).toEqual([409, 'PROJECT.ARCHIVED']);
      expect([read.status, read.body]).toEqual([200, t]);
    });
  });

  describe('subtasks', () => {
    it('should nest subtasks of the same project, count them, and refuse a parent that would make a cycle', async () => {
      const p = await project(ada);
      const a = await task(ada, p, { title: 'A' });
      const b = await task(ada, p, { title: 'B', parentId: a.id });
      const c = await task(ada, p, { title: 'C', parentId: b.id });

      const toItself = await patch(ada, a.id, { parentId: a.id });
      const underItsChild = await patch(ada, a.id, { parentId: b.id });
      const underItsGrandchild = await patch(ada, a.id, { parentId: c.id });
      const detached = await patch(ada, c.id, { parentId: null });

      expect(b).toMatchObject({ parentId: a.id, parentDeleted: false });
      expect((await get(ada, a.id)).body.subtaskCount).toBe(1);
      for (const refused of [toItself, underItsChild, underItsGrandchild]) {
        expect([refused.status, refused.body.code, fieldsOf(refused.body)]).toEqual([400, 'TASK.PARENT_CYCLE', ['parentId']]);
      }
      expect(detached.body).toMatchObject({ parentId: null, version: 2 });
      expect((await activityOf(c.id)).at(-1)?.changes).toEqual([{ field: 'parentId', old: b.id, new: null }]);
      expect((await get(ada, b.id)).body.subtaskCount).toBe(0);
    });

    it('should let only one of two concurrent moves through when together they would make a cycle', async () => {
      const p = await project(ada);
      const a = await task(ada, p, { title: 'A' });
      const b = await task(ada, p, { title: 'B' });

      const answers = await Promise.all([patch(ada, a.id, { parentId: b.id }), patch(ada, b.id, { parentId: a.id })]);

      expect(answers.map((r) => r.status).sort()).toEqual([200, 400]);
      expect(answers.find((r) => r.status === 400)?.body.code).toBe('TASK.PARENT_CYCLE');
      const parents = await h.dataSource.query<{ parent_id: string | null }[]>(`SELECT parent_id FROM task WHERE id = ANY($1) ORDER BY number`, [[a.id, b.id]]);
      expect(parents.filter((r) => r.parent_id !== null)).toHaveLength(1);
    });

    it('should allow five levels and refuse a sixth, whether by a new subtask or by moving a subtree', async () => {
      const p = await project(ada);
      const levels = [await task(ada, p, { title: 'L1' })];
      for (let level = 2; level <= 5; level++) levels.push(await task(ada, p, { title: `L${level}`, parentId: levels.at(-1)!.id }));
      const root = await task(ada, p, { title: 'R1' });
      const child = await task(ada, p, { title: 'R2', parentId: root.id });

      const sixth = await create(ada, { projectId: p.id, title: 'L6', parentId: levels[4].id });
      const moved = await patch(ada, root.id, { parentId: levels[3].id });
      const fits = await patch(ada, root.id, { parentId: levels[2].id });

      expect([sixth.status, sixth.body.code, fieldsOf(sixth.body)]).toEqual([400, 'TASK.TOO_DEEP', ['parentId']]);
      expect([moved.status, moved.body.code, moved.body.message]).toEqual([400, 'TASK.TOO_DEEP', 'subtasks nest at most 5 levels: this parentId would make 6']);
      expect([fits.status, fits.body.parentId]).toEqual([200, levels[2].id]);
      expect((await get(ada, child.id)).body.parentId).toBe(root.id);
    });
  });

  describe('DELETE /tasks/:id and POST /tasks/:id/restore', () => {
    it('should delete softly: 404 afterwards, its subtasks stay under it, its history and event say until when it can be restored', async () => {
      const p = await project(ada);
      await member(p, bob, 'editor');
      const parent = await task(ada, p, { title: 'Parent' });
      const sub = await task(ada, p, { title: 'Sub', parentId: parent.id });

      const deleted = await remove(bob, parent.id);

      expect(deleted.status).toBe(204);
      expect((await get(ada, parent.id)).body.code).toBe('TASK.NOT_FOUND');
      expect((await patch(ada, parent.id, { title: 'Back' })).status).toBe(404);
      expect((await remove(ada, parent.id)).status).toBe(404);
      expect((await h.as(ada)<ErrorBody>('GET', `/projects/${p.id}/tasks/${parent.key}`)).status).toBe(404);
      expect((await get(ada, sub.id)).body).toEqual({ ...sub, parentDeleted: true });
      const [row] = await h.dataSource.query<{ deleted_at: Date; version: number }[]>(`SELECT deleted_at, version FROM task WHERE id = $1`, [parent.id]);
      const deletedAt = row.deleted_at.toISOString();
      expect(row.version).toBe(2);
      expect(await eventsOf(TASK_TASK_DELETED_V1.routingKey, parent.id)).toEqual([
        { taskId: parent.id, projectId: p.id, deletedBy: bob.id, restorableUntil: new Date(row.deleted_at.getTime() + 30 * DAY_MS).toISOString() },
      ]);
      expect((await activityOf(parent.id)).slice(1)).toEqual([
        { actor_id: bob.id, actor_name: 'Bob Kahn', action: 'task.deleted', changes: [{ field: 'deletedAt', old: null, new: deletedAt }] },
      ]);
    });

    it('should restore within 30 days with a new version, its history and task.task.updated.v1 with the deletedAt change', async () => {
      const p = await project(ada);
      const t = await task(ada, p, { assigneeIds: [ada.id] });
      await remove(ada, t.id);
      const [row] = await h.dataSource.query<{ deleted_at: Date }[]>(`SELECT deleted_at FROM task WHERE id = $1`, [t.id]);

      const restored = await restore(ada, t.id);
      const again = await restore(ada, t.id);

      expect([restored.status, restored.body]).toEqual([200, { ...t, version: 3, updatedAt: ISO }]);
      expect((await get(ada, t.id)).body).toEqual(restored.body);
      const changes = [{ field: 'deletedAt', old: row.deleted_at.toISOString(), new: null }];
      expect((await activityOf(t.id)).map((a) => [a.action, a.changes])).toEqual([
        ['task.created', expect.any(Array)],
        ['task.deleted', [{ field: 'deletedAt', old: null, new: row.deleted_at.toISOString() }]],
        ['task.restored', changes],
      ]);
      expect(await eventsOf(TASK_TASK_UPDATED_V1.routingKey, t.id)).toEqual([{ taskId: t.id, projectId: p.id, version: 3, changes, updatedBy: ada.id }]);
      expect([again.status, again.body.code]).toEqual([409, 'TASK.NOT_DELETED']);
    });

    it('should answer 410 to a restore after 30 days, and 404 / 403 / 409 to a non-member, a viewer and in an archived project', async () => {
      const p = await project(ada);
      await member(p, bob, 'viewer');
      const old = await task(ada, p);
      const recent = await task(ada, p);
      await remove(ada, old.id);
      await remove(ada, recent.id);
      await h.dataSource.query(`UPDATE task SET deleted_at = now() - interval '30 days 1 minute' WHERE id = $1`, [old.id]);

      const expired = await restore(ada, old.id);
      const stranger = await restore(cyd, recent.id);
      const viewer = await restore(bob, recent.id);
      const viewerDelete = await remove(bob, (await task(ada, p)).id);
      await archive(p);
      const archived = await restore(ada, recent.id);

      expect([expired.status, expired.body.code]).toEqual([410, 'TASK.RESTORE_EXPIRED']);
      expect([stranger.status, stranger.body.code]).toEqual([404, 'TASK.NOT_FOUND']);
      expect([viewer.status, viewer.body.code]).toEqual([403, 'PROJECT.ROLE_TOO_LOW']);
      expect([viewerDelete.status, viewerDelete.body.code]).toEqual([403, 'PROJECT.ROLE_TOO_LOW']);
      expect([archived.status, archived.body.code]).toEqual([409, 'PROJECT.ARCHIVED']);
    });
  });

  describe('ETag, If-Match and Idempotency-Key', () => {
    it('should answer every read and write of a task with its version as ETag, and 304 to a GET whose If-None-Match names it', async () => {
      const p = await project(ada);

      const created = await create(ada, { projectId: p.id, title: 'A task' });
      const read = await get(ada, created.body.id);
      const byKey = await h.as(ada)('GET', `/projects/${p.id}/tasks/${created.body.key}`);
      const notModified = await h.as(ada)('GET', `/tasks/${created.body.id}`, { headers: { 'if-none-match': '"1"' } });
      const changed = await patch(ada, created.body.id, { title: 'Changed' });
      const stale = await h.as(ada)('GET', `/tasks/${created.body.id}`, { headers: { 'if-none-match': '"1"' } });

      expect([created.headers.get('etag'), read.headers.get('etag'), byKey.headers.get('etag')]).toEqual(['"1"', '"1"', '"1"']);
      expect([notModified.status, notModified.body]).toEqual([304, {}]);
      expect([changed.status, changed.headers.get('etag')]).toEqual([200, '"2"']);
      expect([stale.status, stale.headers.get('etag')]).toEqual([200, '"2"']);
    });

    it('should need If-Match to change or delete a task: 428 without it, 412 with another version (saying which is current), and change nothing', async () => {
      const p = await project(ada);
      const t = await task(ada, p);
      await patch(ada, t.id, { title: 'Version 2' });

      const without = await h.as(ada)<ErrorBody>('PATCH', `/tasks/${t.id}`, { body: { title: 'Mine' } });
      const stale = await h.as(ada)<ErrorBody>('PATCH', `/tasks/${t.id}`, { body: { title: 'Mine' }, headers: { 'if-match': '"1"' } });
      const staleNoop = await h.as(ada)<ErrorBody>('PATCH', `/tasks/${t.id}`, { body: {}, headers: { 'if-match': '"1"' } });
      const anyVersion = await h.as(ada)<ErrorBody>('PATCH', `/tasks/${t.id}`, { body: { title: 'Mine' }, headers: { 'if-match': '*' } });
      const deleteWithout = await h.as(ada)<ErrorBody>('DELETE', `/tasks/${t.id}`);
      const deleteStale = await h.as(ada)<ErrorBody>('DELETE', `/tasks/${t.id}`, { headers: { 'if-match': '"1"' } });

      expect([without.status, without.body.code]).toEqual([428, 'PRECONDITION.REQUIRED']);
      expect([stale.status, stale.body.code, stale.body.details]).toEqual([412, 'PRECONDITION.FAILED', { currentVersion: 2 }]);
      expect([staleNoop.status, staleNoop.body.details]).toEqual([412, { currentVersion: 2 }]);
      expect([anyVersion.status, anyVersion.body.code]).toEqual([412, 'PRECONDITION.FAILED']);
      expect([deleteWithout.status, deleteWithout.body.code]).toEqual([428, 'PRECONDITION.REQUIRED']);
      expect([deleteStale.status, deleteStale.body.details]).toEqual([412, { currentVersion: 2 }]);
      expect((await get(ada, t.id)).body).toMatchObject({ title: 'Version 2', version: 2 });
      expect((await activityOf(t.id)).map((a) => a.action)).toEqual(['task.created', 'task.updated']);
    });

    it('should let one of two editors who read the same version change it, and tell the other that it changed', async () => {
      const p = await project(ada);
      await member(p, bob, 'editor');
      const t = await task(ada, p);
      const etag = (await get(bob, t.id)).headers.get('etag')!;

      const answers = await Promise.all([
        h.as(ada)<TaskBody & ErrorBody>('PATCH', `/tasks/${t.id}`, { body: { title: 'Ada was here' }, headers: { 'if-match': etag } }),
        h.as(bob)<TaskBody & ErrorBody>('PATCH', `/tasks/${t.id}`, { body: { title: 'Bob was here' }, headers: { 'if-match': etag } }),
      ]);

      const won = answers.find((a) => a.status === 200)!;
      const lost = answers.find((a) => a.status === 412)!;
      expect([won.body.version, lost.body.details]).toEqual([2, { currentVersion: 2 }]);
      expect((await get(ada, t.id)).body.title).toBe(won.body.title);
      expect(await eventsOf(TASK_TASK_UPDATED_V1.routingKey, t.id)).toHaveLength(1);
      expect((await activityOf(t.id)).map((a) => a.action)).toEqual(['task.created', 'task.updated']);
    });

    it('should answer a retried create with the first response and create nothing more, and 422 to the key with another body', async () => {
      const p = await project(ada);
      const key = { 'idempotency-key': `create-${uuidv7()}` };
      const body = { projectId: p.id, title: 'Once', assigneeIds: [ada.id] };

      const first = await h.as(ada)<TaskBody>('POST', '/tasks', { body, headers: key });
      const retry = await h.as(ada)<TaskBody>('POST', '/tasks', { body, headers: key });
      const reused = await h.as(ada)<ErrorBody>('POST', '/tasks', { body: { ...body, title: 'Twice' }, headers: key });
      const next = await task(ada, p);

      expect([first.status, retry.status, retry.body]).toEqual([201, 201, first.body]);
      expect([retry.headers.get('idempotent-replayed'), retry.headers.get('etag')]).toEqual(['true', '"1"']);
      expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY.KEY_REUSED']);
      expect(next.number).toBe(2);
      expect(await eventsOf(TASK_TASK_CREATED_V1.routingKey, first.body.id)).toHaveLength(1);
      expect(await eventsOf(TASK_TASK_ASSIGNED_V1.routingKey, first.body.id)).toHaveLength(1);
    });

    it('should answer a retry that reaches another instance with the first response, creating nothing more', async () => {
      // passport keeps one 'jwt' strategy per process: from here on the replica's verifies every instance's tokens, so
      // it stays up until the spec ends (closed in afterAll)
      replica = await TaskHarness.start({ label: 'tasks', shareWith: h });
      const p = await project(ada);
      const key = { 'idempotency-key': `replica-${uuidv7()}` };
      const body = { projectId: p.id, title: 'Once, on either instance' };

      const first = await h.as(ada)<TaskBody>('POST', '/tasks', { body, headers: key });
      const retry = await replica.as(ada)<TaskBody>('POST', '/tasks', { body, headers: key });

      expect([first.status, retry.status, retry.body, retry.headers.get('idempotent-replayed')]).toEqual([201, 201, first.body, 'true']);
      expect(await h.dataSource.query('SELECT number FROM task WHERE project_id = $1', [p.id])).toEqual([{ number: 1 }]);
      expect(await eventsOf(TASK_TASK_CREATED_V1.routingKey, first.body.id)).toHaveLength(1);
    });

    it('should answer a retried restore with the first response instead of 409', async () => {
      const p = await project(ada);
      const t = await task(ada, p);
      await remove(ada, t.id);
      const key = { 'idempotency-key': `restore-${uuidv7()}` };

      const first = await h.as(ada)<TaskBody>('POST', `/tasks/${t.id}/restore`, { headers: key });
      const retry = await h.as(ada)<TaskBody>('POST', `/tasks/${t.id}/restore`, { headers: key });

      expect([first.status, retry.status, retry.body, retry.headers.get('idempotent-replayed')]).toEqual([200, 200, first.body, 'true']);
      expect((await activityOf(t.id)).map((a) => a.action)).toEqual(['task.created', 'task.deleted', 'task.restored']);
    });
  });
});
