import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { waitFor } from '@taskhub/platform-testing';
import { ProjectFixtures, uniqueKey } from './support/project-fixtures';
import { type Person, type RequestOptions, TaskHarness } from './support/task-harness';

jest.setTimeout(120_000);

type Caller = 'nonMember' | 'viewer' | 'editor';

/** Everything a request of the walk may aim at: made afresh for each request, so a permitted delete spoils nothing. */
interface Scene {
  readonly projectId: string;
  readonly projectKey: string;
  readonly projectVersion: number;
  readonly labelId: string;
  readonly taskId: string;
  readonly taskNumber: number;
  readonly taskVersion: number;
  /** a task deleted softly, to restore */
  readonly deletedTaskId: string;
  /** a comment written by the editor (its author) */
  readonly commentId: string;
  /** a second viewer, whose membership the walk tries to change or end */
  readonly otherMemberId: string;
  /** a user known to the service but in no project */
  readonly outsiderId: string;
  readonly editorId: string;
  /** a ready export the editor requested (only its requester sees it) */
  readonly exportId: string;
}

interface Route {
  readonly request: (scene: Scene) => { path: string } & RequestOptions;
  /** the status each caller gets */
  readonly expect: Readonly<Record<Caller, number>>;
}

const ifMatch = (version: number): Record<string, string> => ({ 'if-match': `"${version}"` });
const READ = { nonMember: 404, viewer: 200, editor: 200 };
const OWNER_ONLY = (status = 200) => ({ nonMember: 404, viewer: 403, editor: 403, status });
const CONTENT_WRITE = (status: number) => ({ nonMember: 404, viewer: 403, editor: status });
const REQUESTER_ONLY = { nonMember: 404, viewer: 404, editor: 200 };

/**
 * Who may do what (OWASP API1: authorisation on every object). Non-members get 404 for anything of a project, never
 * 403; viewers read; editors write the content (tasks, labels, their own comments) but not the project or its members;
 * owners do everything (the feature specs cover them). Every operation of the task service's OpenAPI document has a row.
 */
const TABLE: Readonly<Record<string, Route>> = {
  'GET /api/v1/projects': { request: () => ({ path: '/projects' }), expect: { nonMember: 200, viewer: 200, editor: 200 } },
  'POST /api/v1/projects': { request: () => ({ path: '/projects', body: { name: 'Mine', key: uniqueKey('W') } }), expect: { nonMember: 201, viewer: 201, editor: 201 } },
  'GET /api/v1/projects/{id}': { request: (s) => ({ path: `/projects/${s.projectId}` }), expect: READ },
  'PATCH /api/v1/projects/{id}': { request: (s) => ({ path: `/projects/${s.projectId}`, body: { name: 'Renamed' }, headers: ifMatch(s.projectVersion) }), expect: OWNER_ONLY() },
  'DELETE /api/v1/projects/{id}': { request: (s) => ({ path: `/projects/${s.projectId}`, headers: ifMatch(s.projectVersion) }), expect: OWNER_ONLY() },
  'POST /api/v1/projects/{id}/archive': { request: (s) => ({ path: `/projects/${s.projectId}/archive` }), expect: OWNER_ONLY() },
  'POST /api/v1/projects/{id}/unarchive': { request: (s) => ({ path: `/projects/${s.projectId}/unarchive` }), expect: OWNER_ONLY() },
  'GET /api/v1/projects/{id}/activity': { request: (s) => ({ path: `/projects/${s.projectId}/activity` }), expect: READ },
  'GET /api/v1/projects/{id}/members': { request: (s) => ({ path: `/projects/${s.projectId}/members` }), expect: READ },
  'POST /api/v1/projects/{id}/members': { request: (s) => ({ path: `/projects/${s.projectId}/members`, body: { userId: s.outsiderId, role: 'viewer' } }), expect: OWNER_ONLY() },
  'PATCH /api/v1/projects/{id}/members/{userId}': {
    request: (s) => ({ path: `/projects/${s.projectId}/members/${s.otherMemberId}`, body: { role: 'editor' } }),
    expect: OWNER_ONLY(),
  },
  'DELETE /api/v1/projects/{id}/members/{userId}': { request: (s) => ({ path: `/projects/${s.projectId}/members/${s.otherMemberId}` }), expect: OWNER_ONLY() },
  'GET /api/v1/projects/{id}/stats': { request: (s) => ({ path: `/projects/${s.projectId}/stats` }), expect: READ },
  'GET /api/v1/projects/{id}/labels': { request: (s) => ({ path: `/projects/${s.projectId}/labels` }), expect: READ },
  'POST /api/v1/projects/{id}/labels': { request: (s) => ({ path: `/projects/${s.projectId}/labels`, body: { name: `l-${randomUUID()}`, color: '#336699' } }), expect: CONTENT_WRITE(201) },
  'PATCH /api/v1/projects/{id}/labels/{labelId}': { request: (s) => ({ path: `/projects/${s.projectId}/labels/${s.labelId}`, body: { color: '#000000' } }), expect: CONTENT_WRITE(200) },
  'DELETE /api/v1/projects/{id}/labels/{labelId}': { request: (s) => ({ path: `/projects/${s.projectId}/labels/${s.labelId}` }), expect: CONTENT_WRITE(204) },
  'GET /api/v1/projects/{id}/board': { request: (s) => ({ path: `/projects/${s.projectId}/board` }), expect: READ },
  'GET /api/v1/tasks': { request: (s) => ({ path: `/tasks?projectId=${s.projectId}` }), expect: READ },
  'GET /api/v1/projects/{id}/tasks/{key}': { request: (s) => ({ path: `/projects/${s.projectId}/tasks/${s.projectKey}-${s.taskNumber}` }), expect: READ },
  'POST /api/v1/projects/{id}/exports': { request: (s) => ({ path: `/projects/${s.projectId}/exports`, body: { format: 'json' } }), expect: { nonMember: 404, viewer: 202, editor: 202 } },
  'GET /api/v1/exports/{id}': { request: (s) => ({ path: `/exports/${s.exportId}` }), expect: REQUESTER_ONLY },
  'GET /api/v1/exports/{id}/download': { request: (s) => ({ path: `/exports/${s.exportId}/download` }), expect: REQUESTER_ONLY },
  'POST /api/v1/tasks': { request: (s) => ({ path: '/tasks', body: { projectId: s.projectId, title: 'Walked in' } }), expect: CONTENT_WRITE(201) },
  'POST /api/v1/tasks/bulk': { request: (s) => ({ path: '/tasks/bulk', body: { ids: [s.taskId], set: { priority: 'urgent' } } }), expect: CONTENT_WRITE(200) },
  'GET /api/v1/tasks/{id}': { request: (s) => ({ path: `/tasks/${s.taskId}` }), expect: READ },
  'PATCH /api/v1/tasks/{id}': { request: (s) => ({ path: `/tasks/${s.taskId}`, body: { status: 'in_progress' }, headers: ifMatch(s.taskVersion) }), expect: CONTENT_WRITE(200) },
  'DELETE /api/v1/tasks/{id}': { request: (s) => ({ path: `/tasks/${s.taskId}`, headers: ifMatch(s.taskVersion) }), expect: CONTENT_WRITE(204) },
  'POST /api/v1/tasks/{id}/restore': { request: (s) => ({ path: `/tasks/${s.deletedTaskId}/restore` }), expect: CONTENT_WRITE(200) },
  'GET /api/v1/tasks/{id}/activity': { request: (s) => ({ path: `/tasks/${s.taskId}/activity` }), expect: READ },
  'GET /api/v1/tasks/{id}/comments': { request: (s) => ({ path: `/tasks/${s.taskId}/comments` }), expect: READ },
  'POST /api/v1/tasks/{id}/comments': { request: (s) => ({ path: `/tasks/${s.taskId}/comments`, body: { body: 'walking by' } }), expect: CONTENT_WRITE(201) },
  'GET /api/v1/tasks/{id}/comments/{commentId}': { request: (s) => ({ path: `/tasks/${s.taskId}/comments/${s.commentId}` }), expect: READ },
  'PATCH /api/v1/tasks/{id}/comments/{commentId}': {
    request: (s) => ({ path: `/tasks/${s.taskId}/comments/${s.commentId}`, body: { body: 'edited' }, headers: ifMatch(1) }),
    expect: CONTENT_WRITE(200),
  },
  'DELETE /api/v1/tasks/{id}/comments/{commentId}': { request: (s) => ({ path: `/tasks/${s.taskId}/comments/${s.commentId}`, headers: ifMatch(1) }), expect: CONTENT_WRITE(204) },
};

/** The operations of the committed OpenAPI document (a test elsewhere keeps it equal to the code). */
function documentedOperations(): string[] {
  const document = JSON.parse(readFileSync(path.resolve(__dirname, '../../../docs/openapi/task.json'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([route, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${route}`));
}

describe('task-service authorization walk', () => {
  let tasks: TaskHarness;
  let fixtures: ProjectFixtures;
  let owner: Person;
  let callers: Record<Caller, Person>;
  let otherViewer: Person;
  let outsider: Person;
  let exportId: string;

  beforeAll(async () => {
    // about 600 requests by one owner to build the scenes: above the per-user limit (its own specs cover it)
    tasks = await TaskHarness.start({ label: 'task_walk', env: { USER_RATE_LIMIT_PER_MINUTE: '100000' } });
    fixtures = new ProjectFixtures(tasks);
    owner = await tasks.person('Walk Owner');
    callers = { nonMember: await tasks.person('Walk Stranger'), viewer: await tasks.person('Walk Viewer'), editor: await tasks.person('Walk Editor') };
    otherViewer = await tasks.person('Walk Other');
    outsider = await tasks.person('Walk Outsider');
    const exported = await fixtures.project(owner, { viewer: [callers.viewer], editor: [callers.editor] });
    exportId = (await tasks.as(callers.editor)<{ id: string }>('POST', `/projects/${exported.id}/exports`, { body: { format: 'json' } })).body.id;
    await waitFor(async () => (await tasks.as(callers.editor)<{ status: string }>('GET', `/exports/${exportId}`)).body.status === 'ready', { description: 'the walk’s export' });
  });

  afterAll(async () => {
    await tasks?.close();
  });

  async function scene(): Promise<Scene> {
    const project = await fixtures.project(owner, { viewer: [callers.viewer, otherViewer], editor: [callers.editor] });
    const asOwner = tasks.as(owner);
    const label = await asOwner<{ id: string }>('POST', `/projects/${project.id}/labels`, { body: { name: 'bug', color: '#ff0000' } });
    const task = await asOwner<{ id: string; number: number; version: number }>('POST', '/tasks', { body: { projectId: project.id, title: 'Walk me', labelIds: [label.body.id] } });
    const doomed = await asOwner<{ id: string; version: number }>('POST', '/tasks', { body: { projectId: project.id, title: 'Deleted' } });
    await asOwner('DELETE', `/tasks/${doomed.body.id}`, { headers: ifMatch(doomed.body.version) });
    const comment = await tasks.as(callers.editor)<{ id: string }>('POST', `/tasks/${task.body.id}/comments`, { body: { body: 'mine' } });
    if ([label.status, task.status, comment.status].some((s) => s !== 201)) throw new Error('the scene could not be built');
    return {
      projectId: project.id,
      projectKey: project.key,
      projectVersion: project.version,
      labelId: label.body.id,
      taskId: task.body.id,
      taskNumber: task.body.number,
      taskVersion: task.body.version,
      deletedTaskId: doomed.body.id,
      commentId: comment.body.id,
      otherMemberId: otherViewer.id,
      outsiderId: outsider.id,
      editorId: callers.editor.id,
      exportId,
    };
  }

  it('should have a row for every operation of the service', () => {
    expect(Object.keys(TABLE).sort()).toEqual(documentedOperations().sort());
  });

  it.each(['nonMember', 'viewer', 'editor'] as const)('should answer every route as the table says for a %s', async (caller) => {
    const answers: Record<string, string> = {};
    const expected: Record<string, string> = {};
    // a read changes nothing: the reads share one scene, every other request gets a fresh one
    const readScene = await scene();
    for (const [operation, route] of Object.entries(TABLE)) {
      const method = operation.split(' ')[0];
      const { path: route_, ...options } = route.request(method === 'GET' ? readScene : await scene());
      const response = await tasks.as(callers[caller])<{ code?: string }>(method, route_, options);
      const status = route.expect[caller];
      // a refusal says why: 404 for what a non-member must not learn exists, 403 for a role too low
      const code = response.status === 404 ? (response.body.code ?? '').replace(/^(PROJECT|TASK|EXPORT)\./, '*.') : response.status === 403 ? response.body.code : '';
      answers[operation] = `${response.status}${code ? ` ${code}` : ''}`;
      expected[operation] = `${status}${status === 404 ? ' *.NOT_FOUND' : status === 403 ? ' PROJECT.ROLE_TOO_LOW' : ''}`;
    }

    expect(answers).toEqual(expected);
  });

  it("should not list a project to a non-member, nor anything of it to a member of another project", async () => {
    const { projectId } = await scene();
    const theirs = await fixtures.project(callers.nonMember);

    const listed = await tasks.as(callers.nonMember)<{ items: { id: string }[] }>('GET', '/projects?limit=100');

    expect(listed.body.items.map((p) => p.id)).toContain(theirs.id);
    expect(listed.body.items.map((p) => p.id)).not.toContain(projectId);
  });
});
