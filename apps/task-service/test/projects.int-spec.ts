import { TASK_PROJECT_CREATED_V1, TASK_PROJECT_MEMBER_ADDED_V1, TASK_PROJECT_MEMBER_REMOVED_V1, TASK_TASK_UPDATED_V1 } from '@taskhub/contracts';
import { v7 as uuidv7 } from 'uuid';
import { type ErrorBody, ProjectFixtures, type ProjectBody, uniqueKey } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

interface MemberBody {
  userId: string;
  role: string;
  displayName: string | null;
  addedBy: string;
  addedAt: string;
}

interface ProjectPage {
  items: ProjectBody[];
  nextCursor: string | null;
}

const CODES: Readonly<Record<number, string | undefined>> = { 200: undefined, 403: 'PROJECT.ROLE_TOO_LOW', 404: 'PROJECT.NOT_FOUND' };
const ifMatch = (version: number): Record<string, string> => ({ 'if-match': `"${version}"` });
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown;

describe('task-service projects', () => {
  let harness: TaskHarness;
  let fixtures: ProjectFixtures;
  let ada: Person;
  let bob: Person;
  let cyd: Person;
  let dan: Person;

  beforeAll(async () => {
    harness = await TaskHarness.start({ label: 'task_projects' });
    fixtures = new ProjectFixtures(harness);
    [ada, bob, cyd, dan] = await Promise.all([harness.person('Ada'), harness.person('Bob'), harness.person('Cyd'), harness.person('Dan')]);
  });

  afterAll(async () => {
    await harness?.close();
  });

  const codeOf = (body: unknown): string | undefined => (body as Partial<ErrorBody>).code;
  const fields = (body: unknown): string[] => ((body as ErrorBody).details as { field: string }[]).map((d) => d.field);

  describe('POST /projects', () => {
    it('should make the creator its owner, even one the people read model has not heard of yet, and announce it', async () => {
      const newcomer = uuidv7();
      const key = uniqueKey('WEB');

      const created = await harness.request<ProjectBody>('POST', '/projects', {
        headers: harness.auth(newcomer),
        body: { name: '  Website  ', key, description: 'The **public** site' },
      });

      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
        key,
        name: 'Website',
        description: 'The **public** site',
        archived: false,
        archivedAt: null,
        role: 'owner',
        createdBy: newcomer,
        version: 1,
        createdAt: ISO,
        updatedAt: ISO,
      });
      const id = created.body.id;
      const members = await harness.request('GET', `/projects/${id}/members`, { headers: harness.auth(newcomer) });
      expect(members.body).toEqual({ items: [{ userId: newcomer, role: 'owner', displayName: null, addedBy: newcomer, addedAt: created.body.createdAt }], nextCursor: null });
      expect(await fixtures.events(TASK_PROJECT_CREATED_V1.routingKey, id)).toEqual([{ projectId: id, key, name: 'Website', ownerId: newcomer }]);
      expect(await fixtures.activity(id)).toEqual([
        {
          actor_id: newcomer,
          actor_name: null,
          action: 'project.created',
          task_id: null,
          changes: [
            { field: 'key', old: null, new: key },
            { field: 'name', old: null, new: 'Website' },
            { field: 'description', old: null, new: 'The **public** site' },
          ],
        },
      ]);
    });

    it('should answer 409 PROJECT.KEY_TAKEN for a key in use, and create nothing', async () => {
      const key = uniqueKey();
      expect((await harness.as(ada)('POST', '/projects', { body: { name: 'First', key } })).status).toBe(201);

      const second = await harness.as(bob)('POST', '/projects', { body: { name: 'Second', key } });

      expect(second.status).toBe(409);
      expect(second.body).toMatchObject({ statusCode: 409, code: 'PROJECT.KEY_TAKEN', message: `the project key ${key} is taken: choose another` });
      expect(await fixtures.count('project WHERE key = $1', [key])).toBe(1);
    });

    it.each([
      ['a lower-case key', { name: 'X', key: 'web' }, ['key']],
      ['a key starting with a digit', { name: 'X', key: '1WEB' }, ['key']],
      ['a key of one character', { name: 'X', key: 'W' }, ['key']],
      ['a key of 11 characters', { name: 'X', key: 'ABCDEFGHIJK' }, ['key']],
      ['a key with a dash', { name: 'X', key: 'WE-B' }, ['key']],
      ['no key', { name: 'X' }, ['key']],
      ['a blank name', { name: '   ', key: 'WEB' }, ['name']],
      ['a name of 101 characters', { name: 'n'.repeat(101), key: 'WEB' }, ['name']],
      ['a description of 10,001 characters', { name: 'X', key: 'WEB', description: 'd'.repeat(10_001) }, ['description']],
      ['an unknown field', { name: 'X', key: 'WEB', archived: true }, ['archived']],
    ])('should answer 400 naming the field for %s', async (_case, body, expected) => {
      const response = await harness.as(ada)('POST', '/projects', { body });

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED' });
      expect(fields(response.body)).toEqual(expected);
    });
  });

  describe('GET /projects', () => {
    it("should list the caller's projects newest first with their role, page by page, and filter archived ones", async () => {
      const eve = await harness.person('Eve');
      const owned = await fixtures.project(eve, {}, 'Owned');
      const joined = await fixtures.project(ada, { viewer: [eve] }, 'Joined');
      const archived = await fixtures.project(eve, {}, 'Archived');
      await fixtures.project(ada, {}, 'Not hers');
      expect((await harness.as(eve)('POST', `/projects/${archived.id}/archive`)).status).toBe(200);
      const list = (query: string) => harness.as(eve)<ProjectPage>('GET', `/projects${query}`);

      const first = await list('?limit=2');
      const second = await list(`?limit=2&cursor=${first.body.nextCursor}`);

      expect(first.status).toBe(200);
      expect(first.body.items.map((p) => [p.name, p.role, p.archived])).toEqual([
        ['Archived', 'owner', true],
        ['Joined', 'viewer', false],
      ]);
      expect(first.body.items[1]).toEqual({ ...joined, role: 'viewer' });
      expect(second.body).toEqual({ items: [{ ...owned }], nextCursor: null });
      expect((await list('?archived=true')).body.items.map((p) => p.name)).toEqual(['Archived']);
      expect((await list('?archived=false')).body.items.map((p) => p.name)).toEqual(['Joined', 'Owned']);
    });

    it('should refuse a cursor carried to another filter, and a bad filter naming it', async () => {
      const first = await harness.as(ada)<ProjectPage>('GET', '/projects?limit=1');

      const carried = await harness.as(ada)('GET', `/projects?limit=1&archived=false&cursor=${first.body.nextCursor}`);
      const bad = await harness.as(ada)('GET', '/projects?archived=maybe');

      expect(carried.status).toBe(400);
      expect(carried.body).toMatchObject({ code: 'REQUEST.INVALID_CURSOR' });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['archived']);
    });
  });

  describe('GET /projects/:id', () => {
    it('should answer a member with their role and the numbers of members and labels', async () => {
      const project = await fixtures.project(ada, { editor: [bob], viewer: [cyd] });
      await harness.as(bob)('POST', `/projects/${project.id}/labels`, { body: { name: 'bug', color: '#d73a4a' } });

      const seen = await harness.as(cyd)('GET', `/projects/${project.id}`);

      expect(seen.status).toBe(200);
      expect(seen.body).toEqual({ ...project, role: 'viewer', memberCount: 3, labelCount: 1 });
    });

    it('should answer 404 PROJECT.NOT_FOUND alike to a non-member and for no project at all, and 400 to a malformed id', async () => {
      const project = await fixtures.project(ada);
      const missing = uuidv7();

      const outsider = await harness.as(dan)('GET', `/projects/${project.id}`);
      const nothing = await harness.as(dan)('GET', `/projects/${missing}`);
      const malformed = await harness.as(dan)('GET', '/projects/not-a-uuid');

      expect(outsider.status).toBe(404);
      expect(outsider.body).toMatchObject({ code: 'PROJECT.NOT_FOUND', message: `project ${project.id} not found` });
      expect(nothing.status).toBe(404);
      expect(nothing.body).toMatchObject({ code: 'PROJECT.NOT_FOUND', message: `project ${missing} not found` });
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ code: 'REQUEST.BAD_REQUEST' });
    });
  });

  describe('PATCH /projects/:id', () => {
    it('should change the name and description, bump the version and record what changed', async () => {
      const project = await fixtures.project(ada, {}, 'Old name');

      const patched = await harness.as(ada)<ProjectBody>('PATCH', `/projects/${project.id}`, { headers: ifMatch(1), body: { name: 'New name', description: 'now described' } });
      const cleared = await harness.as(ada)<ProjectBody>('PATCH', `/projects/${project.id}`, { headers: ifMatch(2), body: { description: null } });

      expect(patched.status).toBe(200);
      expect(patched.body).toEqual({ ...project, name: 'New name', description: 'now described', version: 2, updatedAt: ISO });
      expect(cleared.body).toMatchObject({ name: 'New name', description: null, version: 3 });
      expect((await fixtures.activity(project.id)).slice(1)).toEqual([
        {
          actor_id: ada.id,
          actor_name: 'Ada',
          action: 'project.updated',
          task_id: null,
          changes: [
            { field: 'name', old: 'Old name', new: 'New name' },
            { field: 'description', old: null, new: 'now described' },
          ],
        },
        { actor_id: ada.id, actor_name: 'Ada', action: 'project.updated', task_id: null, changes: [{ field: 'description', old: 'now described', new: null }] },
      ]);
    });

    it('should change no version and record nothing when nothing changes', async () => {
      const project = await fixtures.project(ada, {}, 'Same');

      const patched = await harness.as(ada)('PATCH', `/projects/${project.id}`, { headers: ifMatch(1), body: { name: 'Same' } });

      expect(patched.body).toEqual(project);
      expect((await fixtures.activity(project.id)).map((a) => a.action)).toEqual(['project.created']);
    });

    it('should refuse a new key, naming it, and a blank name', async () => {
      const project = await fixtures.project(ada);

      const key = await harness.as(ada)('PATCH', `/projects/${project.id}`, { headers: ifMatch(1), body: { key: 'NEW' } });
      const name = await harness.as(ada)('PATCH', `/projects/${project.id}`, { headers: ifMatch(1), body: { name: '' } });

      expect([key.status, fields(key.body)]).toEqual([400, ['key']]);
      expect([name.status, fields(name.body)]).toEqual([400, ['name']]);
    });
  });

  describe('archive and unarchive', () => {
    it('should make the project read-only until it is unarchived, and record both', async () => {
      const project = await fixtures.project(ada, { editor: [bob] });
      const label = await harness.as(bob)<{ id: string }>('POST', `/projects/${project.id}/labels`, { body: { name: 'bug', color: '#d73a4a' } });

      const archived = await harness.as(ada)<ProjectBody>('POST', `/projects/${project.id}/archive`);

      expect(archived.status).toBe(200);
      expect(archived.body).toEqual({ ...project, archived: true, archivedAt: ISO, version: 2, updatedAt: ISO });
      const writes = await Promise.all([
        harness.as(ada)('PATCH', `/projects/${project.id}`, { headers: ifMatch(2), body: { name: 'Renamed' } }),
        harness.as(ada)('POST', `/projects/${project.id}/archive`),
        harness.as(ada)('POST', `/projects/${project.id}/members`, { body: { userId: cyd.id, role: 'viewer' } }),
        harness.as(ada)('PATCH', `/projects/${project.id}/members/${bob.id}`, { body: { role: 'viewer' } }),
        harness.as(ada)('DELETE', `/projects/${project.id}/members/${bob.id}`),
        harness.as(bob)('DELETE', `/projects/${project.id}/members/${bob.id}`),
        harness.as(bob)('POST', `/projects/${project.id}/labels`, { body: { name: 'feature', color: '#00ff00' } }),
        harness.as(bob)('PATCH', `/projects/${project.id}/labels/${label.body.id}`, { body: { name: 'bugs' } }),
        harness.as(bob)('DELETE', `/projects/${project.id}/labels/${label.body.id}`),
      ]);
      expect(writes.map((w) => [w.status, codeOf(w.body)])).toEqual(Array.from({ length: 9 }, () => [409, 'PROJECT.ARCHIVED']));
      expect(writes[0].body).toMatchObject({ message: `project ${project.id} is archived: unarchive it to change it` });
      const reads = await Promise.all(['', '/members', '/labels'].map((path) => harness.as(bob)('GET', `/projects/${project.id}${path}`)));
      expect(reads.map((r) => r.status)).toEqual([200, 200, 200]);

      const unarchived = await harness.as(ada)<ProjectBody>('POST', `/projects/${project.id}/unarchive`);

      expect(unarchived.status).toBe(200);
      expect(unarchived.body).toEqual({ ...project, archived: false, archivedAt: null, version: 3, updatedAt: ISO });
      expect((await harness.as(ada)('PATCH', `/projects/${project.id}`, { headers: ifMatch(3), body: { name: 'Renamed' } })).status).toBe(200);
      expect((await fixtures.activity(project.id)).filter((a) => a.action.startsWith('project.') && a.action !== 'project.created')).toEqual([
        { actor_id: ada.id, actor_name: 'Ada', action: 'project.archived', task_id: null, changes: [{ field: 'archived', old: false, new: true }] },
        { actor_id: ada.id, actor_name: 'Ada', action: 'project.unarchived', task_id: null, changes: [{ field: 'archived', old: true, new: false }] },
        { actor_id: ada.id, actor_name: 'Ada', action: 'project.updated', task_id: null, changes: [{ field: 'name', old: 'Website', new: 'Renamed' }] },
      ]);
    });

    it('should answer 409 PROJECT.NOT_ARCHIVED to unarchiving an active project', async () => {
      const project = await fixtures.project(ada);

      const response = await harness.as(ada)('POST', `/projects/${project.id}/unarchive`);

      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'PROJECT.NOT_ARCHIVED', message: `project ${project.id} is not archived` });
    });
  });

  describe('DELETE /projects/:id', () => {
    it('should delete the project and everything in it, archived or not', async () => {
      const project = await fixtures.project(ada, { editor: [bob] });
      const label = await harness.as(bob)<{ id: string }>('POST', `/projects/${project.id}/labels`, { body: { name: 'bug', color: '#d73a4a' } });
      const task = await fixtures.task(project.id, bob.id, { assignees: [bob.id], labels: [label.body.id] });
      await harness.dataSource.query(`INSERT INTO comment (id, task_id, author_id, body) VALUES ($1, $2, $3, 'hello')`, [uuidv7(), task, bob.id]);
      expect((await harness.as(ada)('POST', `/projects/${project.id}/archive`)).status).toBe(200);

      const deleted = await harness.as(ada)('DELETE', `/projects/${project.id}`, { headers: ifMatch(2) });

      expect(deleted.status).toBe(204);
      expect((await harness.as(ada)('GET', `/projects/${project.id}`)).status).toBe(404);
      const left = await Promise.all(
        [
          'project WHERE id = $1',
          'project_member WHERE project_id = $1',
          'label WHERE project_id = $1',
          'task WHERE project_id = $1',
          'activity WHERE project_id = $1',
        ].map((where) => fixtures.count(where, [project.id])),
      );
      expect(left).toEqual([0, 0, 0, 0, 0]);
      expect(await fixtures.count('task_assignee WHERE task_id = $1', [task])).toBe(0);
      expect(await fixtures.count('task_label WHERE task_id = $1', [task])).toBe(0);
      expect(await fixtures.count('comment WHERE task_id = $1', [task])).toBe(0);
    });
  });

  describe('members', () => {
    const members = (who: Person, projectId: string, query = '') => harness.as(who)<{ items: MemberBody[]; nextCursor: string | null }>('GET', `/projects/${projectId}/members${query}`);

    it('should add someone the read model knows with a role, announce it and record it', async () => {
      const project = await fixtures.project(ada);

      const added = await harness.as(ada)('POST', `/projects/${project.id}/members`, { body: { userId: bob.id, role: 'editor' } });

      expect(added.status).toBe(201);
      expect(added.body).toEqual({ userId: bob.id, role: 'editor', displayName: 'Bob', addedBy: ada.id, addedAt: ISO });
      expect(await fixtures.events(TASK_PROJECT_MEMBER_ADDED_V1.routingKey, project.id)).toEqual([
        { projectId: project.id, projectName: 'Website', userId: bob.id, role: 'editor', addedBy: ada.id },
      ]);
      expect((await fixtures.activity(project.id)).slice(1)).toEqual([
        {
          actor_id: ada.id,
          actor_name: 'Ada',
          action: 'member.added',
          task_id: null,
          changes: [
            { field: 'member', old: null, new: bob.id },
            { field: 'role', old: null, new: 'editor' },
          ],
        },
      ]);
      expect((await harness.as(bob)('GET', `/projects/${project.id}`)).body).toMatchObject({ role: 'editor', memberCount: 2 });
    });

    it('should answer 400 naming userId for a user the read model does not know or who is disabled, and 409 for a member', async () => {
      const project = await fixtures.project(ada, { viewer: [bob] });
      const gone = await harness.person('Gone Away');
      await harness.disable(gone);

      const unknown = await harness.as(ada)('POST', `/projects/${project.id}/members`, { body: { userId: uuidv7(), role: 'viewer' } });
      const disabled = await harness.as(ada)('POST', `/projects/${project.id}/members`, { body: { userId: gone.id, role: 'viewer' } });
      const again = await harness.as(ada)('POST', `/projects/${project.id}/members`, { body: { userId: bob.id, role: 'editor' } });
      const owner = await harness.as(ada)('POST', `/projects/${project.id}/members`, { body: { userId: ada.id, role: 'viewer' } });

      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({
        code: 'REQUEST.VALIDATION_FAILED',
        details: [{ field: 'userId', constraints: { isKnownUser: 'userId must be the id of an active user TaskHub knows' } }],
      });
      expect([disabled.status, fields(disabled.body)]).toEqual([400, ['userId']]);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'PROJECT.MEMBER_EXISTS', message: `user ${bob.id} is already a member of this project: change their role instead` });
      expect(codeOf(owner.body)).toBe('PROJECT.MEMBER_EXISTS');
      expect(await fixtures.events(TASK_PROJECT_MEMBER_ADDED_V1.routingKey, project.id)).toHaveLength(1);
    });

    it.each([
      ['no userId', { role: 'viewer' }, ['userId']],
      ['a malformed userId', { userId: 'bob', role: 'viewer' }, ['userId']],
      ['an unknown role', { userId: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e', role: 'admin' }, ['role']],
      ['no role', { userId: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e' }, ['role']],
    ])('should answer 400 naming the field for %s', async (_case, body, expected) => {
      const project = await fixtures.project(ada);

      const response = await harness.as(ada)('POST', `/projects/${project.id}/members`, { body });

      expect(response.status).toBe(400);
      expect(fields(response.body)).toEqual(expected);
    });

    it('should hold a project at 1,000 members', async () => {
      const project = await fixtures.project(ada);
      await harness.dataSource.query(`INSERT INTO project_member (project_id, user_id, role, added_by) SELECT $1, gen_random_uuid(), 'viewer', $2 FROM generate_series(1, 999)`, [
        project.id,
        ada.id,
      ]);

      const response = await harness.as(ada)('POST', `/projects/${project.id}/members`, { body: { userId: bob.id, role: 'viewer' } });

      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'PROJECT.MEMBER_LIMIT', message: 'a project has at most 1000 members', details: { limit: 1000 } });
      expect(await fixtures.count('project_member WHERE project_id = $1', [project.id])).toBe(1000);
    });

    it('should list the members in the order they joined, page by page, to any member', async () => {
      const project = await fixtures.project(ada, { editor: [bob], viewer: [cyd] });

      const first = await members(cyd, project.id, '?limit=2');
      const second = await members(cyd, project.id, `?limit=2&cursor=${first.body.nextCursor}`);

      expect(first.status).toBe(200);
      expect(first.body.items).toEqual([
        { userId: ada.id, role: 'owner', displayName: 'Ada', addedBy: ada.id, addedAt: project.createdAt },
        { userId: bob.id, role: 'editor', displayName: 'Bob', addedBy: ada.id, addedAt: ISO },
      ]);
      expect(second.body).toEqual({ items: [{ userId: cyd.id, role: 'viewer', displayName: 'Cyd', addedBy: ada.id, addedAt: ISO }], nextCursor: null });
    });

    it('should not repeat or skip members who joined in the same microsecond, across pages', async () => {
      const project = await fixtures.project(ada);
      // five members with one added_at (one statement): the user id orders them
      await harness.dataSource.query(`INSERT INTO project_member (project_id, user_id, role, added_by) SELECT $1, gen_random_uuid(), 'viewer', $2 FROM generate_series(1, 5)`, [
        project.id,
        ada.id,
      ]);
      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page = await members(ada, project.id, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.body.items.map((m) => m.userId));
        cursor = page.body.nextCursor;
      }

      const stored = await harness.dataSource.query<{ user_id: string }[]>(`SELECT user_id FROM project_member WHERE project_id = $1 ORDER BY added_at, user_id`, [project.id]);
      expect(seen).toEqual(stored.map((r) => r.user_id));
      expect(seen).toHaveLength(6);
    });

    it("should change a member's role and record it; the same role again records nothing", async () => {
      const project = await fixtures.project(ada, { viewer: [bob] });

      const changed = await harness.as(ada)('PATCH', `/projects/${project.id}/members/${bob.id}`, { body: { role: 'editor' } });
      const same = await harness.as(ada)('PATCH', `/projects/${project.id}/members/${bob.id}`, { body: { role: 'editor' } });

      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ userId: bob.id, role: 'editor', displayName: 'Bob', addedBy: ada.id, addedAt: ISO });
      expect(same.body).toEqual(changed.body);
      expect((await fixtures.activity(project.id)).filter((a) => a.action === 'member.role_changed')).toEqual([
        {
          actor_id: ada.id,
          actor_name: 'Ada',
          action: 'member.role_changed',
          task_id: null,
          changes: [
            { field: 'member', old: bob.id, new: bob.id },
            { field: 'role', old: 'viewer', new: 'editor' },
          ],
        },
      ]);
    });

    it('should keep at least one owner: the last cannot be demoted, removed or leave; one of two can', async () => {
      const project = await fixtures.project(ada, { editor: [bob] });
      const lastOwner = { code: 'PROJECT.LAST_OWNER', message: 'a project keeps at least one owner: make someone else owner first' };

      const demoted = await harness.as(ada)('PATCH', `/projects/${project.id}/members/${ada.id}`, { body: { role: 'editor' } });
      const left = await harness.as(ada)('DELETE', `/projects/${project.id}/members/${ada.id}`);

      expect([demoted.status, left.status]).toEqual([409, 409]);
      expect(demoted.body).toMatchObject(lastOwner);
      expect(left.body).toMatchObject(lastOwner);

      expect((await harness.as(ada)('PATCH', `/projects/${project.id}/members/${bob.id}`, { body: { role: 'owner' } })).status).toBe(200);
      // two owners demoting each other at once: the project row's lock lets one through
      const both = await Promise.all([
        harness.as(ada)('PATCH', `/projects/${project.id}/members/${bob.id}`, { body: { role: 'viewer' } }),
        harness.as(bob)('PATCH', `/projects/${project.id}/members/${ada.id}`, { body: { role: 'viewer' } }),
      ]);

      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(await fixtures.count(`project_member WHERE project_id = $1 AND role = 'owner'`, [project.id])).toBe(1);
    });

    it('should answer 404 PROJECT.MEMBER_NOT_FOUND for someone who is not a member', async () => {
      const project = await fixtures.project(ada);

      const patched = await harness.as(ada)('PATCH', `/projects/${project.id}/members/${dan.id}`, { body: { role: 'viewer' } });
      const removed = await harness.as(ada)('DELETE', `/projects/${project.id}/members/${dan.id}`);

      expect([patched.status, removed.status]).toEqual([404, 404]);
      expect(patched.body).toMatchObject({ code: 'PROJECT.MEMBER_NOT_FOUND', message: `user ${dan.id} is not a member of this project` });
      expect(codeOf(removed.body)).toBe('PROJECT.MEMBER_NOT_FOUND');
    });

    it("should remove a member and unassign them from the project's tasks in one go: versions, activity and events per task", async () => {
      const project = await fixtures.project(ada, { editor: [bob, cyd] });
      const other = await fixtures.project(ada, { editor: [bob] });
      const [lo, hi] = [bob.id, cyd.id].sort();
      const shared = await fixtures.task(project.id, ada.id, { assignees: [bob.id, cyd.id] });
      const alone = await fixtures.task(project.id, ada.id, { assignees: [bob.id] });
      const deleted = await fixtures.task(project.id, ada.id, { assignees: [bob.id], deleted: true });
      const untouched = await fixtures.task(project.id, ada.id, { assignees: [cyd.id] });
      const elsewhere = await fixtures.task(other.id, ada.id, { assignees: [bob.id] });

      const removed = await harness.as(ada)('DELETE', `/projects/${project.id}/members/${bob.id}`);

      expect(removed.status).toBe(204);
      expect((await harness.as(bob)('GET', `/projects/${project.id}`)).status).toBe(404);
      const assignees = await harness.dataSource.query<{ task_id: string; user_id: string; version: number }[]>(
        `SELECT t.id AS task_id, a.user_id, t.version FROM task t LEFT JOIN task_assignee a ON a.task_id = t.id WHERE t.id = ANY($1) ORDER BY t.id`,
        [[shared, alone, deleted, untouched, elsewhere]],
      );
      expect(assignees).toEqual([
        { task_id: shared, user_id: cyd.id, version: 2 },
        { task_id: alone, user_id: null, version: 2 },
        { task_id: deleted, user_id: null, version: 2 },
        { task_id: untouched, user_id: cyd.id, version: 1 },
        { task_id: elsewhere, user_id: bob.id, version: 1 },
      ]);
      const change = (before: string[], after: string[]) => [{ field: 'assigneeIds', old: before, new: after }];
      expect(await fixtures.events(TASK_TASK_UPDATED_V1.routingKey, project.id)).toEqual([
        { taskId: shared, projectId: project.id, version: 2, changes: change([lo, hi], [cyd.id]), updatedBy: ada.id },
        { taskId: alone, projectId: project.id, version: 2, changes: change([bob.id], []), updatedBy: ada.id },
        { taskId: deleted, projectId: project.id, version: 2, changes: change([bob.id], []), updatedBy: ada.id },
      ]);
      expect(await fixtures.events(TASK_PROJECT_MEMBER_REMOVED_V1.routingKey, project.id)).toEqual([{ projectId: project.id, userId: bob.id, removedBy: ada.id }]);
      expect((await fixtures.activity(project.id)).filter((a) => !['project.created', 'member.added'].includes(a.action))).toEqual([
        { actor_id: ada.id, actor_name: 'Ada', action: 'task.updated', task_id: shared, changes: change([lo, hi], [cyd.id]) },
        { actor_id: ada.id, actor_name: 'Ada', action: 'task.updated', task_id: alone, changes: change([bob.id], []) },
        { actor_id: ada.id, actor_name: 'Ada', action: 'task.updated', task_id: deleted, changes: change([bob.id], []) },
        {
          actor_id: ada.id,
          actor_name: 'Ada',
          action: 'member.removed',
          task_id: null,
          changes: [
            { field: 'member', old: bob.id, new: null },
            { field: 'role', old: 'editor', new: null },
          ],
        },
      ]);
    });

    it('should let any member leave, recorded as their own removal', async () => {
      const project = await fixtures.project(ada, { viewer: [cyd] });

      const left = await harness.as(cyd)('DELETE', `/projects/${project.id}/members/${cyd.id}`);

      expect(left.status).toBe(204);
      expect(await fixtures.events(TASK_PROJECT_MEMBER_REMOVED_V1.routingKey, project.id)).toEqual([{ projectId: project.id, userId: cyd.id, removedBy: cyd.id }]);
      expect((await fixtures.activity(project.id)).at(-1)).toMatchObject({ actor_id: cyd.id, actor_name: 'Cyd', action: 'member.removed' });
      expect((await harness.as(cyd)('GET', `/projects/${project.id}/members`)).status).toBe(404);
    });
  });

  describe('ETag and If-Match', () => {
    it('should send the version as the ETag of every answer with the project, and 304 to a GET naming it', async () => {
      const created = await harness.as(ada)<ProjectBody>('POST', '/projects', { body: { name: 'Tagged', key: uniqueKey() } });
      const id = created.body.id;

      const read = await harness.as(ada)('GET', `/projects/${id}`);
      const unchanged = await harness.as(ada)('GET', `/projects/${id}`, { headers: { 'if-none-match': '"1"' } });
      const patched = await harness.as(ada)('PATCH', `/projects/${id}`, { headers: ifMatch(1), body: { name: 'Tagged again' } });
      const archived = await harness.as(ada)('POST', `/projects/${id}/archive`);
      const unarchived = await harness.as(ada)('POST', `/projects/${id}/unarchive`);

      expect([created, read, patched, archived, unarchived].map((r) => [r.status, r.headers.get('etag')])).toEqual([
        [201, '"1"'],
        [200, '"1"'],
        [200, '"2"'],
        [200, '"3"'],
        [200, '"4"'],
      ]);
      expect(unchanged.status).toBe(304);
    });

    it('should answer 428 to a PATCH or DELETE without If-Match and 412 with a stale one, changing nothing', async () => {
      const project = await fixtures.project(ada);
      expect((await harness.as(ada)('PATCH', `/projects/${project.id}`, { headers: ifMatch(1), body: { name: 'Second' } })).status).toBe(200);

      const answers = await Promise.all([
        harness.as(ada)('PATCH', `/projects/${project.id}`, { body: { name: 'Lost' } }),
        harness.as(ada)('DELETE', `/projects/${project.id}`),
        harness.as(ada)('PATCH', `/projects/${project.id}`, { headers: ifMatch(1), body: { name: 'Lost' } }),
        harness.as(ada)('DELETE', `/projects/${project.id}`, { headers: ifMatch(1) }),
      ]);

      expect(answers.map((a) => [a.status, codeOf(a.body)])).toEqual([
        [428, 'PRECONDITION.REQUIRED'],
        [428, 'PRECONDITION.REQUIRED'],
        [412, 'PRECONDITION.FAILED'],
        [412, 'PRECONDITION.FAILED'],
      ]);
      expect(answers[2].body).toMatchObject({ details: { currentVersion: 2 } });
      expect((await harness.as(ada)('GET', `/projects/${project.id}`)).body).toMatchObject({ name: 'Second', version: 2 });
    });

    it('should let one of two owners editing the same version through, and tell the other it changed', async () => {
      const project = await fixtures.project(ada, { owner: [bob] });

      const both = await Promise.all([
        harness.as(ada)<ProjectBody>('PATCH', `/projects/${project.id}`, { headers: ifMatch(1), body: { name: "Ada's name" } }),
        harness.as(bob)<ProjectBody>('PATCH', `/projects/${project.id}`, { headers: ifMatch(1), body: { name: "Bob's name" } }),
      ]);

      const winner = both.find((r) => r.status === 200)!;
      const loser = both.find((r) => r.status !== 200)!;
      expect(loser.status).toBe(412);
      expect(loser.body).toMatchObject({ code: 'PRECONDITION.FAILED', details: { currentVersion: 2 } });
      expect(winner.headers.get('etag')).toBe('"2"');
      expect((await harness.as(ada)('GET', `/projects/${project.id}`)).body).toMatchObject({ name: winner.body.name, version: 2 });
      expect((await fixtures.activity(project.id)).filter((a) => a.action === 'project.updated')).toHaveLength(1);
    });
  });

  describe('Idempotency-Key', () => {
    it('should answer a retried create with the first response, creating one project and one event', async () => {
      const key = uniqueKey();
      const headers = { 'idempotency-key': `create-${key}` };

      const first = await harness.as(ada)<ProjectBody>('POST', '/projects', { headers, body: { name: 'Once', key } });
      const retry = await harness.as(ada)<ProjectBody>('POST', '/projects', { headers, body: { name: 'Once', key } });
      const reused = await harness.as(ada)('POST', '/projects', { headers, body: { name: 'Other', key: uniqueKey() } });

      expect(first.status).toBe(201);
      expect([retry.status, retry.body, retry.headers.get('idempotent-replayed'), retry.headers.get('etag')]).toEqual([201, first.body, 'true', '"1"']);
      expect([reused.status, codeOf(reused.body)]).toEqual([422, 'IDEMPOTENCY.KEY_REUSED']);
      expect(await fixtures.count('project WHERE key = $1', [key])).toBe(1);
      expect(await fixtures.events(TASK_PROJECT_CREATED_V1.routingKey, first.body.id)).toHaveLength(1);
    });

    it('should answer a retried member addition with its 201, not a 409, and add them once', async () => {
      const project = await fixtures.project(ada);
      const request = { headers: { 'idempotency-key': 'add-bob' }, body: { userId: bob.id, role: 'editor' } };

      const first = await harness.as(ada)('POST', `/projects/${project.id}/members`, request);
      const retry = await harness.as(ada)('POST', `/projects/${project.id}/members`, request);

      expect([first.status, retry.status, retry.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
      expect(retry.body).toEqual(first.body);
      expect(await fixtures.events(TASK_PROJECT_MEMBER_ADDED_V1.routingKey, project.id)).toHaveLength(1);
    });
  });

  describe('roles', () => {
    let project: ProjectBody;
    let outsider: Person;
    let viewer: Person;
    let editor: Person;

    beforeAll(async () => {
      [outsider, viewer, editor] = await Promise.all([harness.person('Outsider'), harness.person('Viewer'), harness.person('Editor')]);
      project = await fixtures.project(ada, { viewer: [viewer], editor: [editor] });
    });

    // what each role gets from each route (a write that would succeed is sent by the owner in the other tests)
    it.each([
      ['GET', '', [404, 200, 200], undefined],
      ['GET', '/members', [404, 200, 200], undefined],
      ['PATCH', '', [404, 403, 403], { name: 'Renamed' }],
      ['POST', '/archive', [404, 403, 403], undefined],
      ['POST', '/unarchive', [404, 403, 403], undefined],
      ['DELETE', '', [404, 403, 403], undefined],
      ['POST', '/members', [404, 403, 403], { userId: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e', role: 'viewer' }],
      ['PATCH', '/members/:ada', [404, 403, 403], { role: 'viewer' }],
      ['DELETE', '/members/:ada', [404, 403, 403], undefined],
    ])('%s /projects/:id%s should answer a non-member, a viewer and an editor %j', async (method, path, expected, body) => {
      const route = `/projects/${project.id}${path.replace(':ada', ada.id)}`;
      const answers = await Promise.all([outsider, viewer, editor].map((who) => harness.as(who)(method, route, { headers: ifMatch(1), body })));

      expect(answers.map((a) => a.status)).toEqual(expected);
      expect(answers.map((a) => codeOf(a.body))).toEqual(expected.map((status) => CODES[status]));
      expect(await fixtures.count(`project WHERE id = $1 AND name = 'Website' AND archived_at IS NULL AND version = 1`, [project.id])).toBe(1);
      expect(await fixtures.count(`project_member WHERE project_id = $1`, [project.id])).toBe(3);
    });
  });
});
