import { TASK_STATUSES, TASK_TASK_DUE_SOON_V1, type TaskTaskDueSoonV1 } from '@taskhub/contracts';
import { waitFor } from '@taskhub/platform-testing';
import { CLAIM_DUE_SQL } from '../src/reminders/due-reminder.repository';
import { DueReminderScanner } from '../src/reminders/due-reminder-scanner';
import { ProjectFixtures } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

jest.setTimeout(60_000);

const HOUR_MS = 3_600_000;
/** the scan runs on its own every 200 ms on both instances, beside the scans the tests call */
const SCAN_ENV = { TASK_DUE_REMINDER_SCAN_INTERVAL_MS: '200' };

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
/** every node of a plan, depth first */
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

describe('task-service due-date reminders', () => {
  let first: TaskHarness;
  let second: TaskHarness;
  let fixtures: ProjectFixtures;
  let ada: Person;
  let bob: Person;

  beforeAll(async () => {
    first = await TaskHarness.start({ label: 'reminders', env: SCAN_ENV });
    second = await TaskHarness.start({ label: 'reminders', env: SCAN_ENV, shareWith: first });
    fixtures = new ProjectFixtures(first);
    [ada, bob] = await Promise.all([first.person('Ada Due'), first.person('Bob Due')]);
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  const scanner = (h: TaskHarness): DueReminderScanner => h.under.service.app.get(DueReminderScanner);
  const reminders = async (): Promise<TaskTaskDueSoonV1[]> => (await first.outbox(TASK_TASK_DUE_SOON_V1.routingKey)).map((e) => e.data as TaskTaskDueSoonV1);
  const remindersOf = async (taskId: string): Promise<[string, string][]> =>
    (await reminders()).filter((r) => r.taskId === taskId).map((r) => [r.window, r.dueAt]);
  const dueIn = (ms: number): string => new Date(Date.now() + ms).toISOString();
  const task = async (projectId: string, dueAt: string, extra: { status?: string; deleted?: boolean; assignees?: string[] } = {}): Promise<string> => {
    const id = await fixtures.task(projectId, ada.id, { assignees: extra.assignees, deleted: extra.deleted });
    await first.dataSource.query(`UPDATE task SET due_at = $2, status = $3 WHERE id = $1`, [id, dueAt, extra.status ?? 'todo']);
    return id;
  };

  it('should emit one reminder per task and window when two instances scan at once, for open undeleted tasks not yet due only', async () => {
    const p = await fixtures.project(ada, { editor: [bob] });
    const tomorrowish = dueIn(5 * HOUR_MS);
    const soon = dueIn(HOUR_MS / 2);
    const open = await task(p.id, tomorrowish, { assignees: [bob.id, ada.id] });
    const imminent = await task(p.id, soon, { status: 'in_progress' });
    const later = await task(p.id, dueIn(48 * HOUR_MS));
    const done = await task(p.id, dueIn(2 * HOUR_MS), { status: 'done' });
    const cancelled = await task(p.id, dueIn(2 * HOUR_MS), { status: 'cancelled' });
    const deleted = await task(p.id, dueIn(2 * HOUR_MS), { deleted: true });
    const past = await task(p.id, dueIn(-HOUR_MS));

    await Promise.all([scanner(first).scan(), scanner(second).scan(), scanner(first).scan(), scanner(second).scan()]);
    await waitFor(async () => (await remindersOf(open)).length === 1 && (await remindersOf(imminent)).length === 1, { description: 'both reminders' });
    // the timers keep scanning on both instances meanwhile; a few more rounds by hand change nothing
    for (let i = 0; i < 3; i++) await Promise.all([scanner(first).scan(), scanner(second).scan()]);

    const mine = (await reminders()).filter((r) => [open, imminent, later, done, cancelled, deleted, past].includes(r.taskId));
    expect(mine.map((r) => [r.taskId, r.window, r.dueAt]).sort()).toEqual(
      [
        [open, '24h', tomorrowish],
        [imminent, '1h', soon],
      ].sort(),
    );
    const forOpen = mine.find((r) => r.taskId === open)!;
    expect(forOpen).toEqual({ taskId: open, projectId: p.id, key: `${p.key}-1`, title: 'task 1', dueAt: tomorrowish, window: '24h', assigneeIds: [ada.id, bob.id].sort() });
  });

  it('should remind again when the due date moves, and not for a task completed before its reminder', async () => {
    const p = await fixtures.project(ada);
    const firstDue = dueIn(3 * HOUR_MS);
    const moving = await task(p.id, firstDue);
    await waitFor(async () => (await remindersOf(moving)).length === 1, { description: 'the first reminder' });

    const moved = await first.as(ada)<{ dueAt: string }>('PATCH', `/tasks/${moving}`, { body: { dueAt: dueIn(4 * HOUR_MS) }, headers: { 'if-match': '"1"' } });
    await waitFor(async () => (await remindersOf(moving)).length === 2, { description: 'the reminder of the new due date' });
    const finished = await task(p.id, dueIn(6 * HOUR_MS), { status: 'done' });
    await Promise.all([scanner(first).scan(), scanner(second).scan()]);

    expect(await remindersOf(moving)).toEqual([
      ['24h', firstDue],
      ['24h', moved.body.dueAt],
    ]);
    expect(await remindersOf(finished)).toEqual([]);
  });

  it('should read the open tasks due soon through the partial index task_open_due_idx (the only one of open tasks by due date)', async () => {
    // the scan's status list is the index's: every status but done and cancelled
    expect(TASK_STATUSES.filter((s) => s !== 'done' && s !== 'cancelled')).toEqual(['todo', 'in_progress', 'blocked']);
    const indexes = await first.dataSource.query<{ indexname: string; indexdef: string }[]>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'task' AND indexname IN ('task_open_due_idx', 'task_due_open_idx')`,
    );
    // a test database holds a few hundred tasks, where reading the table beats any index on cost: with sequential
    // scans priced out, the plan shows which index the planner can prove holds every row the scan wants
    const plan = await first.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL enable_seqscan = off`);
      const [row] = await manager.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }[]>(`EXPLAIN (FORMAT JSON) ${CLAIM_DUE_SQL}`, [500]);
      return row['QUERY PLAN'][0].Plan;
    });
    const taskScans = nodesOf(plan)
      .filter((node) => node['Relation Name'] === 'task')
      .map((node) => `${node['Node Type']} ${node['Index Name'] ?? ''}`);

    expect(indexes.map((i) => [i.indexname, i.indexdef.replace(/^.* USING btree /, '')])).toEqual([
      ['task_open_due_idx', `(due_at, id) WHERE ((deleted_at IS NULL) AND (status = ANY (ARRAY['todo'::text, 'in_progress'::text, 'blocked'::text])))`],
    ]);
    // the open tasks due soon: the partial index alone (it holds due_at and id); then each claimed task by its key
    expect(taskScans).toEqual(['Index Only Scan task_open_due_idx', 'Index Scan PK_fb213f79ee45060ba925ecd576e']);
  });

  it('should let only one of two concurrent scans through the advisory lock (the other skips its turn)', async () => {
    const lockHeld = await first.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(3003, 1)`);
      return Promise.all([scanner(first).scan(), scanner(second).scan()]);
    });

    expect(lockHeld).toEqual([null, null]);
  });
});
