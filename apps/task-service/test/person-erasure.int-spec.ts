import { randomUUID } from 'node:crypto';
import {
  AUTH_USER_DELETION_REQUESTED_V1,
  type AuthUserDeletionRequestedV1,
  type EventEnvelope,
  TASK_PERSON_ERASED_V1,
  TASK_PROJECT_MEMBER_REMOVED_V1,
  TASK_TASK_UPDATED_V1,
  USER_PROFILE_UPDATED_V1,
} from '@taskhub/contracts';
import { waitFor } from '@taskhub/platform-testing';
import { ExportWorker } from '../src/exports/export-worker';
import { ProjectFixtures, type ProjectBody } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

jest.setTimeout(60_000);

interface CommentBody {
  authorId: string;
  authorName: string | null;
  body: string;
}

/** The person erased: a name and an address no other data of the spec contains. */
const ZELDA = { displayName: 'Zelda Quistorp-Erasure', email: 'zelda.quistorp-erasure@example.test' };

describe('task-service erasure of a person (auth.user.deletion_requested.v1)', () => {
  let h: TaskHarness;
  let fixtures: ProjectFixtures;
  let zelda: Person;
  let owen: Person;
  let eve: Person;
  let ezra: Person;
  let vic: Person;
  let handedOver: ProjectBody;
  let alone: ProjectBody;
  let elsewhere: ProjectBody;
  let coOwned: ProjectBody;
  let strayTask: string;
  let sharedTask: string;
  let elsewhereTask: string;
  let exports: string[];
  let deletion: AuthUserDeletionRequestedV1;
  let first: EventEnvelope<AuthUserDeletionRequestedV1>;

  const members = (projectId: string) =>
    h.dataSource.query<{ user_id: string; role: string }[]>(`SELECT user_id, role FROM project_member WHERE project_id = $1 ORDER BY added_at, user_id`, [projectId]);
  const assignees = async (taskId: string) =>
    (await h.dataSource.query<{ user_id: string }[]>(`SELECT user_id FROM task_assignee WHERE task_id = $1 ORDER BY user_id`, [taskId])).map((r) => r.user_id);
  const ofZelda = async <T extends object>(routingKey: string, pick: (data: T) => unknown): Promise<T[]> =>
    ((await h.outbox(routingKey)) as EventEnvelope<T>[]).map((e) => e.data).filter((data) => pick(data) === zelda.id);

  beforeAll(async () => {
    h = await TaskHarness.start({ label: 'task_erasure' });
    fixtures = new ProjectFixtures(h);
    await waitFor(() => h.under.service.app.get(ExportWorker).consuming, { description: 'the exports consumer' });
    [zelda, owen, eve, ezra, vic] = await Promise.all([h.person(ZELDA.displayName), h.person('Owen'), h.person('Eve'), h.person('Ezra'), h.person('Vic')]);
    // Eve joins before Ezra: she is the oldest editor
    handedOver = await fixtures.project(zelda, { editor: [eve], viewer: [vic] }, 'Handed over');
    await h.as(zelda)('POST', `/projects/${handedOver.id}/members`, { body: { userId: ezra.id, role: 'editor' } });
    alone = await fixtures.project(zelda, { viewer: [vic] }, 'Alone');
    elsewhere = await fixtures.project(owen, { editor: [zelda] }, 'Elsewhere');
    coOwned = await fixtures.project(owen, { owner: [zelda], editor: [eve] }, 'Co-owned');

    const task = (who: Person, projectId: string, assigneeIds: string[]) =>
      h.as(who)<{ id: string }>('POST', '/tasks', { body: { projectId, title: 'Ship it', assigneeIds } }).then((r) => r.body.id);
    sharedTask = await task(zelda, handedOver.id, [zelda.id, eve.id]);
    elsewhereTask = await task(owen, elsewhere.id, [zelda.id]);
    // an assignment left in a project she is not a member of (written straight into the table: the API refuses it)
    const stray = await fixtures.project(owen, {}, 'Stray');
    strayTask = await fixtures.task(stray.id, owen.id, { assignees: [zelda.id, owen.id] });
    await h.as(zelda)('POST', `/tasks/${sharedTask}/comments`, { body: { body: 'My own note' } });
    await h.as(eve)('POST', `/tasks/${sharedTask}/comments`, { body: { body: `@[${ZELDA.displayName}](${zelda.id}) please look` } });

    // files that name her: one she asked for, one Owen asked for listing her as an assignee
    const requested = await Promise.all([
      h.as(zelda)<{ id: string }>('POST', `/projects/${handedOver.id}/exports`, { body: { format: 'csv' } }),
      h.as(owen)<{ id: string }>('POST', `/projects/${elsewhere.id}/exports`, { body: { format: 'json' } }),
    ]);
    exports = requested.map((r) => r.body.id);
    await waitFor(async () => (await h.dataSource.query<unknown[]>(`SELECT 1 FROM task_export WHERE id = ANY($1) AND status = 'ready'`, [exports])).length === 2, {
      description: 'both exports ready',
    });

    deletion = { deletionId: randomUUID(), userId: zelda.id, requestedAt: new Date().toISOString() };
    first = await h.deliver(AUTH_USER_DELETION_REQUESTED_V1, deletion);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('should pass a project she owned alone to its oldest editor, archive one with no editor, leave a co-owned one to its owner, and take her out of every project', async () => {
    expect(await members(handedOver.id)).toEqual([
      { user_id: eve.id, role: 'owner' },
      { user_id: vic.id, role: 'viewer' },
      { user_id: ezra.id, role: 'editor' },
    ]);
    expect(await members(alone.id)).toEqual([{ user_id: vic.id, role: 'viewer' }]);
    expect(await members(elsewhere.id)).toEqual([{ user_id: owen.id, role: 'owner' }]);
    expect(await members(coOwned.id)).toEqual([
      { user_id: owen.id, role: 'owner' },
      { user_id: eve.id, role: 'editor' },
    ]);
    const projects = await h.dataSource.query<{ id: string; archived: boolean }[]>(`SELECT id, archived_at IS NOT NULL AS archived FROM project WHERE id = ANY($1) ORDER BY id`, [
      [handedOver.id, alone.id, elsewhere.id, coOwned.id],
    ]);
    expect(Object.fromEntries(projects.map((p) => [p.id, p.archived]))).toEqual({ [handedOver.id]: false, [alone.id]: true, [elsewhere.id]: false, [coOwned.id]: false });
    const archived = await h.as(vic)<ProjectBody>('GET', `/projects/${alone.id}`);
    expect(archived.body.archived).toBe(true);
  });

  it('should unassign her tasks and announce each change as removing a member does', async () => {
    expect(await assignees(sharedTask)).toEqual([eve.id]);
    expect(await assignees(elsewhereTask)).toEqual([]);
    expect(await assignees(strayTask)).toEqual([owen.id]);
    const updates = await ofZelda<{ taskId: string; changes: unknown[]; updatedBy: string }>(TASK_TASK_UPDATED_V1.routingKey, (d) => d.updatedBy);
    expect(updates.map((u) => [u.taskId, u.changes]).sort()).toEqual(
      [
        [sharedTask, [{ field: 'assigneeIds', old: [zelda.id, eve.id].sort(), new: [eve.id] }]],
        [elsewhereTask, [{ field: 'assigneeIds', old: [zelda.id], new: [] }]],
        [strayTask, [{ field: 'assigneeIds', old: [zelda.id, owen.id].sort(), new: [owen.id] }]],
      ].sort(),
    );
    const removed = await ofZelda<{ projectId: string; removedBy: string }>(TASK_PROJECT_MEMBER_REMOVED_V1.routingKey, (d) => d.removedBy);
    expect(removed.map((r) => r.projectId).sort()).toEqual([handedOver.id, alone.id, elsewhere.id, coOwned.id].sort());
  });

  it('should keep her comments and history under the anonymous name, and anonymise mentions of her', async () => {
    const comments = await h.as(eve)<{ items: CommentBody[] }>('GET', `/tasks/${sharedTask}/comments`);
    expect(comments.body.items.map((c) => ({ authorId: c.authorId, authorName: c.authorName, body: c.body }))).toEqual([
      { authorId: zelda.id, authorName: 'Deleted user', body: 'My own note' },
      { authorId: eve.id, authorName: 'Eve', body: `@[Deleted user](${zelda.id}) please look` },
    ]);
    const history = await fixtures.activity(handedOver.id);
    const hers = history.filter((a) => a.actor_id === zelda.id);
    expect(new Set(hers.map((a) => a.actor_name))).toEqual(new Set(['Deleted user']));
    expect(hers.map((a) => a.action)).toEqual([
      'project.created',
      'member.added',
      'member.added',
      'member.added',
      'task.created',
      'comment.added',
      'member.role_changed',
      'task.updated',
      'member.removed',
    ]);
    expect(history.slice(-3).map((a) => a.changes)).toEqual([
      [
        { field: 'member', old: eve.id, new: eve.id },
        { field: 'role', old: 'editor', new: 'owner' },
      ],
      [{ field: 'assigneeIds', old: [zelda.id, eve.id].sort(), new: [eve.id] }],
      [
        { field: 'member', old: zelda.id, new: null },
        { field: 'role', old: 'owner', new: null },
      ],
    ]);
    expect((await fixtures.activity(alone.id)).slice(-2).map((a) => [a.actor_name, a.action])).toEqual([
      ['Deleted user', 'project.archived'],
      ['Deleted user', 'member.removed'],
    ]);
  });

  it('should leave her name and address in no table of the task database, export files included', async () => {
    const tables = await h.dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    const found: string[] = [];
    for (const { table_name } of tables) {
      for (const needle of [ZELDA.displayName, ZELDA.email]) {
        const [{ n }] = await h.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text ILIKE '%' || $1 || '%'`, [needle]);
        if (n > 0) found.push(`${table_name}: ${n} rows with ${needle}`);
      }
    }
    expect(tables.length).toBeGreaterThan(10);
    expect(found).toEqual([]);
    const files = await h.dataSource.query<{ id: string; status: string; pieces: number }[]>(
      `SELECT e.id, e.status, (SELECT count(*)::int FROM task_export_chunk c WHERE c.export_id = e.id) AS pieces FROM task_export e WHERE e.id = ANY($1)`,
      [exports],
    );
    expect(files).toEqual([{ id: exports[1], status: 'expired', pieces: 0 }]);
  });

  it('should change nothing and publish nothing more for a redelivery or a replay of the same deletion', async () => {
    const before = await h.dataSource.query<unknown[]>(`SELECT * FROM activity ORDER BY id`);

    await h.deliver(AUTH_USER_DELETION_REQUESTED_V1, deletion, first);
    const replay = await h.deliver(AUTH_USER_DELETION_REQUESTED_V1, { ...deletion, requestedAt: new Date().toISOString() });

    expect(replay.id).not.toBe(first.id);
    expect(await h.dataSource.query<unknown[]>(`SELECT * FROM activity ORDER BY id`)).toEqual(before);
    const erased = await ofZelda<{ deletionId: string; userId: string; erasedAt: string }>(TASK_PERSON_ERASED_V1.routingKey, (d) => d.userId);
    expect(erased).toEqual([{ deletionId: deletion.deletionId, userId: zelda.id, erasedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown }]);
    expect(await ofZelda<{ removedBy: string }>(TASK_PROJECT_MEMBER_REMOVED_V1.routingKey, (d) => d.removedBy)).toHaveLength(4);
    expect(await ofZelda<{ updatedBy: string }>(TASK_TASK_UPDATED_V1.routingKey, (d) => d.updatedBy)).toHaveLength(3);
  });

  it('should ignore a profile event for her that arrives after the erasure', async () => {
    const profile = { userId: zelda.id, version: 7, displayName: ZELDA.displayName, avatarUrl: 'https://example.test/zelda.png', timezone: 'UTC', locale: 'en', status: 'active' as const };

    await h.deliver(USER_PROFILE_UPDATED_V1, { ...profile, changed: ['displayName', 'avatarUrl'] });

    const [person] = await h.dataSource.query<unknown[]>(`SELECT display_name, avatar_url, status, erased_at IS NOT NULL AS erased FROM person WHERE id = $1`, [zelda.id]);
    expect(person).toEqual({ display_name: 'Deleted user', avatar_url: null, status: 'disabled', erased: true });
    const member = await h.as(owen)('POST', `/projects/${elsewhere.id}/members`, { body: { userId: zelda.id, role: 'viewer' } });
    expect(member.status).toBe(400);
  });
});
