import { v7 as uuidv7 } from 'uuid';
import { type ErrorBody, ProjectFixtures, type ProjectBody } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

interface LabelBody {
  id: string;
  projectId: string;
  name: string;
  color: string;
  createdAt: string;
}

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown;
const CODES: Readonly<Record<number, string | undefined>> = { 200: undefined, 201: undefined, 204: undefined, 403: 'PROJECT.ROLE_TOO_LOW', 404: 'PROJECT.NOT_FOUND' };

describe('task-service labels', () => {
  let harness: TaskHarness;
  let fixtures: ProjectFixtures;
  let owner: Person;
  let editor: Person;
  let viewer: Person;
  let outsider: Person;

  beforeAll(async () => {
    harness = await TaskHarness.start({ label: 'task_labels' });
    fixtures = new ProjectFixtures(harness);
    [owner, editor, viewer, outsider] = await Promise.all([harness.person('Olive'), harness.person('Eddie'), harness.person('Vera'), harness.person('Otto')]);
  });

  afterAll(async () => {
    await harness?.close();
  });

  const project = (): Promise<ProjectBody> => fixtures.project(owner, { editor: [editor], viewer: [viewer] });
  const create = (who: Person, projectId: string, body: unknown) => harness.as(who)<LabelBody>('POST', `/projects/${projectId}/labels`, { body });
  const list = (who: Person, projectId: string) => harness.as(who)<{ items: LabelBody[]; nextCursor: null }>('GET', `/projects/${projectId}/labels`);
  const codeOf = (body: unknown): string | undefined => (body as Partial<ErrorBody>).code;
  const fields = (body: unknown): string[] => ((body as ErrorBody).details as { field: string }[]).map((d) => d.field);

  describe('POST /projects/:id/labels', () => {
    it('should create a label with its colour in lower case, and record it', async () => {
      const { id } = await project();

      const created = await create(editor, id, { name: ' Bug ', color: '#D73A4A' });

      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown, projectId: id, name: 'Bug', color: '#d73a4a', createdAt: ISO });
      expect((await fixtures.activity(id)).filter((a) => a.action.startsWith('label.'))).toEqual([
        {
          actor_id: editor.id,
          actor_name: 'Eddie',
          action: 'label.created',
          task_id: null,
          changes: [
            { field: 'label', old: null, new: created.body.id },
            { field: 'name', old: null, new: 'Bug' },
            { field: 'color', old: null, new: '#d73a4a' },
          ],
        },
      ]);
    });

    it('should answer 409 LABEL.NAME_TAKEN for a name the project has in any case; another project may have it', async () => {
      const first = await project();
      const second = await project();
      expect((await create(owner, first.id, { name: 'Bug', color: '#d73a4a' })).status).toBe(201);

      const taken = await create(editor, first.id, { name: 'bUG', color: '#000000' });
      const elsewhere = await create(editor, second.id, { name: 'bug', color: '#000000' });

      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ code: 'LABEL.NAME_TAKEN', message: 'this project already has a label named bUG (names are compared ignoring case)' });
      expect(elsewhere.status).toBe(201);
      expect(await fixtures.count('label WHERE project_id = $1', [first.id])).toBe(1);
    });

    it.each([
      ['no name', { color: '#000000' }, ['name']],
      ['a blank name', { name: '  ', color: '#000000' }, ['name']],
      ['a name of 51 characters', { name: 'n'.repeat(51), color: '#000000' }, ['name']],
      ['a colour name', { name: 'x', color: 'red' }, ['color']],
      ['a short hex colour', { name: 'x', color: '#fff' }, ['color']],
      ['a colour without #', { name: 'x', color: '000000' }, ['color']],
      ['no colour', { name: 'x' }, ['color']],
      ['an unknown field', { name: 'x', color: '#000000', projectId: '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e' }, ['projectId']],
    ])('should answer 400 naming the field for %s', async (_case, body, expected) => {
      const { id } = await project();

      const response = await create(editor, id, body);

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED' });
      expect(fields(response.body)).toEqual(expected);
    });

    it('should answer a retried create with the first response and create one label', async () => {
      const { id } = await project();
      const request = { headers: { 'idempotency-key': 'label-bug' }, body: { name: 'bug', color: '#d73a4a' } };

      const first = await harness.as(editor)('POST', `/projects/${id}/labels`, request);
      const retry = await harness.as(editor)('POST', `/projects/${id}/labels`, request);

      expect([first.status, retry.status, retry.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true']);
      expect(retry.body).toEqual(first.body);
      expect(await fixtures.count('label WHERE project_id = $1', [id])).toBe(1);
    });

    it('should hold a project at 500 labels', async () => {
      const { id } = await project();
      await harness.dataSource.query(`INSERT INTO label (id, project_id, name, color) SELECT gen_random_uuid(), $1, 'label ' || n, '#000000' FROM generate_series(1, 500) n`, [id]);

      const response = await create(editor, id, { name: 'one more', color: '#000000' });

      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'LABEL.LIMIT', message: 'a project has at most 500 labels', details: { limit: 500 } });
    });
  });

  describe('GET /projects/:id/labels', () => {
    it('should list every label by name, ignoring case, to any member', async () => {
      const { id } = await project();
      const made = [];
      for (const name of ['beta', 'Alpha', 'gamma']) made.push((await create(editor, id, { name, color: '#123456' })).body);

      const listed = await list(viewer, id);

      expect(listed.status).toBe(200);
      expect(listed.body).toEqual({ items: [made[1], made[0], made[2]], nextCursor: null });
    });
  });

  describe('PATCH /projects/:id/labels/:labelId', () => {
    it('should rename and recolour, and record what changed; a PATCH that changes nothing records nothing', async () => {
      const { id } = await project();
      const label = (await create(editor, id, { name: 'bug', color: '#d73a4a' })).body;

      const renamed = await harness.as(editor)('PATCH', `/projects/${id}/labels/${label.id}`, { body: { name: 'Bug', color: '#00FF00' } });
      const same = await harness.as(editor)('PATCH', `/projects/${id}/labels/${label.id}`, { body: { name: 'Bug', color: '#00ff00' } });

      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({ ...label, name: 'Bug', color: '#00ff00' });
      expect(same.body).toEqual(renamed.body);
      expect((await fixtures.activity(id)).filter((a) => a.action === 'label.updated')).toEqual([
        {
          actor_id: editor.id,
          actor_name: 'Eddie',
          action: 'label.updated',
          task_id: null,
          changes: [
            { field: 'label', old: label.id, new: label.id },
            { field: 'name', old: 'bug', new: 'Bug' },
            { field: 'color', old: '#d73a4a', new: '#00ff00' },
          ],
        },
      ]);
    });

    it("should answer 409 LABEL.NAME_TAKEN for another label's name, and 400 naming a bad field", async () => {
      const { id } = await project();
      const bug = (await create(editor, id, { name: 'bug', color: '#d73a4a' })).body;
      await create(editor, id, { name: 'feature', color: '#00ff00' });

      const taken = await harness.as(editor)('PATCH', `/projects/${id}/labels/${bug.id}`, { body: { name: 'FEATURE' } });
      const bad = await harness.as(editor)('PATCH', `/projects/${id}/labels/${bug.id}`, { body: { color: 'green' } });

      expect(taken.status).toBe(409);
      expect(codeOf(taken.body)).toBe('LABEL.NAME_TAKEN');
      expect([bad.status, fields(bad.body)]).toEqual([400, ['color']]);
      expect((await list(editor, id)).body.items.map((l) => l.name)).toEqual(['bug', 'feature']);
    });

    it('should answer 404 LABEL.NOT_FOUND for a label of another project, even one the caller can edit', async () => {
      const mine = await project();
      const theirs = await project();
      const label = (await create(editor, theirs.id, { name: 'bug', color: '#d73a4a' })).body;

      const patched = await harness.as(editor)('PATCH', `/projects/${mine.id}/labels/${label.id}`, { body: { name: 'stolen' } });
      const deleted = await harness.as(editor)('DELETE', `/projects/${mine.id}/labels/${label.id}`);
      const missing = await harness.as(editor)('DELETE', `/projects/${mine.id}/labels/${uuidv7()}`);

      expect([patched.status, deleted.status, missing.status]).toEqual([404, 404, 404]);
      expect(patched.body).toMatchObject({ code: 'LABEL.NOT_FOUND', message: `label ${label.id} not found in this project` });
      expect([codeOf(deleted.body), codeOf(missing.body)]).toEqual(['LABEL.NOT_FOUND', 'LABEL.NOT_FOUND']);
      expect((await list(editor, theirs.id)).body.items).toEqual([label]);
    });
  });

  describe('DELETE /projects/:id/labels/:labelId', () => {
    it('should delete the label, take it off its tasks without changing their versions, and record it', async () => {
      const { id } = await project();
      const bug = (await create(editor, id, { name: 'bug', color: '#d73a4a' })).body;
      const keep = (await create(editor, id, { name: 'keep', color: '#000000' })).body;
      const task = await fixtures.task(id, editor.id, { labels: [bug.id, keep.id] });

      const deleted = await harness.as(editor)('DELETE', `/projects/${id}/labels/${bug.id}`);

      expect(deleted.status).toBe(204);
      expect((await list(editor, id)).body.items).toEqual([keep]);
      expect(await harness.dataSource.query(`SELECT label_id FROM task_label WHERE task_id = $1`, [task])).toEqual([{ label_id: keep.id }]);
      expect(await fixtures.count('task WHERE id = $1 AND version = 1', [task])).toBe(1);
      expect((await fixtures.activity(id)).at(-1)).toEqual({
        actor_id: editor.id,
        actor_name: 'Eddie',
        action: 'label.deleted',
        task_id: null,
        changes: [
          { field: 'label', old: bug.id, new: null },
          { field: 'name', old: 'bug', new: null },
          { field: 'color', old: '#d73a4a', new: null },
        ],
      });
    });
  });

  describe('roles', () => {
    // a non-member, a viewer, an editor and the owner on every label route (an archived project: projects.int-spec.ts)
    it.each([
      ['GET', '', [404, 200, 200, 200], undefined],
      ['POST', '', [404, 403, 201, 201], (n: number) => ({ name: `new ${n}`, color: '#000000' })],
      ['PATCH', '/:label', [404, 403, 200, 200], (n: number) => ({ name: `renamed ${n}` })],
      ['DELETE', '/:label', [404, 403, 204, 404], undefined],
    ])('%s /projects/:id/labels%s should answer a non-member, a viewer, an editor and the owner %j', async (method, path, expected, body) => {
      const { id } = await project();
      const label = (await create(owner, id, { name: 'target', color: '#d73a4a' })).body;
      const route = `/projects/${id}/labels${path.replace(':label', label.id)}`;

      const answers = [];
      for (const [n, who] of [outsider, viewer, editor, owner].entries()) {
        answers.push(await harness.as(who)(method, route, { body: typeof body === 'function' ? body(n) : body }));
      }

      expect(answers.map((a) => a.status)).toEqual(expected);
      expect(answers.slice(0, 2).map((a) => codeOf(a.body))).toEqual(expected.slice(0, 2).map((status) => CODES[status]));
    });
  });
});
