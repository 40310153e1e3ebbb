import v8 from 'node:v8';
import vm from 'node:vm';
import { waitFor } from '@taskhub/platform-testing';
import { v7 as uuidv7 } from 'uuid';
import { CHUNK_BYTES } from '../src/exports/export-chunks';
import { ExportChunkRepository } from '../src/exports/export-chunk.repository';
import { DELETE_CHUNKS, ExportExpiry } from '../src/exports/export-expiry';
import { ExportWorker } from '../src/exports/export-worker';
import { ExportRepository } from '../src/exports/export.repository';
import { ExportFixtures, receive } from './support/export-fixtures';
import { type ErrorBody, ProjectFixtures } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';
import { TaskListFixtures, type TaskPageBody } from './support/task-list-fixtures';

jest.setTimeout(480_000);

interface ExportBody {
  id: string;
  projectId: string;
  format: string;
  status: string;
  progress: { rowsWritten: number; totalRows: number | null; percent: number };
  error: string | null;
  expiresAt: string | null;
}

const LARGE = 200_000;
/** tasks of a file of 3 pieces (about 460 bytes each) */
const THREE_PIECES = 6_000;
/**
 * how much live memory (V8 heap and Buffers) may grow while the large export is written and downloaded: cursor
 * batches, stream buffers, the pieces being stored or sent (1 MiB each), logs of the polling
 */
const MAX_MEMORY_GROWTH = 16 * 1024 * 1024;
/** a full garbage collection, without starting node with --expose-gc */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
// The large export's test runs the service in this process and forces full GCs in it (to measure live memory): each
// stops the event loop, and the load shedder would take those pauses for overload and answer its polls 503 (seen on a
// loaded machine). The shedder has tests of its own (libs/platform/http/test/load-shedding.int-spec.ts).
const ENV = { USER_RATE_LIMIT_PER_MINUTE: '100000', TASK_EXPORT_PREFETCH: '1', LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '600000', LOAD_SHED_MAX_RSS_MB: '65536' };
const HEADER = 'id,key,title,description,status,priority,assignees,labels,parentId,startAt,dueAt,completedAt,createdAt,updatedAt';

describe('task-service exports', () => {
  let h: TaskHarness;
  let fixtures: ProjectFixtures;
  let listFixtures: TaskListFixtures;
  let exportFixtures: ExportFixtures;
  let other: TaskHarness | undefined;
  let ada: Person;
  let bob: Person;
  let cyd: Person;

  beforeAll(async () => {
    h = await TaskHarness.start({ label: 'exports', env: ENV });
    fixtures = new ProjectFixtures(h);
    listFixtures = new TaskListFixtures(h);
    exportFixtures = new ExportFixtures(h);
    [ada, bob, cyd] = await Promise.all([h.person('Ada Export'), h.person('Bob Export'), h.person('Cyd Export')]);
    await waitFor(() => h.under.service.app.get(ExportWorker).consuming, { description: 'the exports consumer' });
  });

  afterAll(async () => {
    await other?.close();
    await h?.close();
  });

  const requestExport = (who: Person, projectId: string, body: unknown) => h.as(who)<{ id: string; status: string } & ErrorBody>('POST', `/projects/${projectId}/exports`, { body });
  const status = (who: Person, id: string) => h.as(who)<ExportBody & ErrorBody>('GET', `/exports/${id}`);
  const ready = async (who: Person, id: string, timeoutMs = 20_000): Promise<ExportBody> => {
    let last: ExportBody | undefined;
    await waitFor(
      async () => {
        last = (await status(who, id)).body;
        return last.status === 'ready' || last.status === 'failed';
      },
      { description: `export ${id} ready`, timeoutMs },
    );
    return last!;
  };
  const download = (who: Person, id: string, from: TaskHarness = h): Promise<Response> => fetch(`${from.baseUrl}/api/v1/exports/${id}/download`, { headers: who.auth });

  it('should write a CSV of the project’s tasks, quoting commas, quotes and newlines and defusing formulas, for its requester only', async () => {
    const p = await fixtures.project(ada, { viewer: [bob] });
    const titles = ['Plain', 'Commas, here', 'Say "hi"', 'Two\nlines', '=HYPERLINK("http://evil")', '+1 and more', '@SUM(A1)', '-2'];
    for (const title of titles) {
      const id = await fixtures.task(p.id, ada.id, { assignees: [ada.id] });
      await h.dataSource.query(`UPDATE task SET title = $2 WHERE id = $1`, [id, title]);
    }
    await h.dataSource.query(`UPDATE task SET deleted_at = now() WHERE project_id = $1 AND title = 'Plain'`, [p.id]);

    const queued = await requestExport(bob, p.id, { format: 'csv' });
    const done = await ready(bob, queued.body.id);
    const file = await download(bob, queued.body.id);
    const text = await file.text();

    expect([queued.status, queued.body.status, queued.headers.get('location')]).toEqual([202, 'queued', `/api/v1/exports/${queued.body.id}`]);
    expect([done.status, done.progress]).toEqual(['ready', { rowsWritten: 7, totalRows: 7, percent: 100 }]);
    expect([file.status, file.headers.get('content-type'), file.headers.get('content-disposition'), file.headers.get('content-length')]).toEqual([
      200,
      'text/csv; charset=utf-8',
      `attachment; filename="tasks-${queued.body.id}.csv"`,
      String(Buffer.byteLength(text)),
    ]);
    const rows = await h.dataSource.query<{ id: string; number: number; created_at: Date; updated_at: Date }[]>(
      `SELECT id, number, created_at, updated_at FROM task WHERE project_id = $1 AND deleted_at IS NULL ORDER BY number`,
      [p.id],
    );
    // quoted when they hold a comma, quote or newline; a leading =, +, - or @ gets a ' so no spreadsheet runs it
    const cells = ['"Commas, here"', '"Say ""hi"""', '"Two\nlines"', `"'=HYPERLINK(""http://evil"")"`, "'+1 and more", "'@SUM(A1)", "'-2"];
    const line = (r: (typeof rows)[number], i: number): string =>
      `${r.id},${p.key}-${r.number},${cells[i]},,todo,none,Ada Export,,,,,,${r.created_at.toISOString()},${r.updated_at.toISOString()}`;
    expect(text).toBe(`${HEADER}\n${rows.map(line).join('\n')}\n`);
    // only the requester sees it: another member, and a stranger, get 404
    expect((await status(ada, queued.body.id)).status).toBe(404);
    expect((await status(cyd, queued.body.id)).body.code).toBe('EXPORT.NOT_FOUND');
    expect((await download(ada, queued.body.id)).status).toBe(404);
  });

  it('should apply the list’s filters, and write JSON', async () => {
    const p = await fixtures.project(ada, { editor: [bob] });
    const mine = await fixtures.task(p.id, ada.id, { assignees: [ada.id] });
    const bobs = await fixtures.task(p.id, ada.id, { assignees: [bob.id] });
    const nobodys = await fixtures.task(p.id, ada.id);
    await h.dataSource.query(`UPDATE task SET status = 'done' WHERE id = $1`, [bobs]);

    const queued = await requestExport(ada, p.id, { format: 'json', filters: { assigneeId: ['me', 'none'], status: 'todo' } });
    await ready(ada, queued.body.id);
    const tasks = (await (await download(ada, queued.body.id)).json()) as { id: string; key: string; assignees: { id: string }[] }[];
    const all = await requestExport(ada, p.id, { format: 'json', filters: { status: ['todo', 'done'] } });
    await ready(ada, all.body.id);

    expect(tasks.map((t) => [t.id, t.key, t.assignees.map((a) => a.id)])).toEqual([
      [mine, `${p.key}-1`, [ada.id]],
      [nobodys, `${p.key}-3`, []],
    ]);
    expect(((await (await download(ada, all.body.id)).json()) as unknown[]).length).toBe(3);
  });

  describe('with the list’s filters and search', () => {
    const DUE_AFTER = '2027-03-01T00:00:00.000Z';
    const DUE_BEFORE = '2027-04-01T00:00:00.000Z';
    let p: { id: string };
    const named = new Map<string, string>();

    beforeAll(async () => {
      p = await fixtures.project(ada, { editor: [bob] });
      const label = uuidv7();
      await h.dataSource.query(`INSERT INTO label (id, project_id, name, color) VALUES ($1, $2, 'ops', '#112233')`, [label, p.id]);
      const tasks: [string, Parameters<TaskListFixtures['task']>[2]][] = [
        ['deploy-title', { title: 'Deploy the site', status: 'todo', priority: 'high', assignees: [ada.id], dueAt: DUE_AFTER }],
        ['deploy-both', { title: 'Deploy deployments', description: 'deploy it all', status: 'in_progress', priority: 'urgent', labels: [label] }],
        ['deploy-description', { title: 'Plan the week', description: 'Write the deployment checklist', status: 'todo', priority: 'low', assignees: [bob.id] }],
        ['deploy-done', { title: 'Deploy yesterday', status: 'done', priority: 'high' }],
        ['deploy-deleted', { title: 'Deploy nothing', status: 'todo', deleted: true }],
        ['unrelated', { title: 'Unrelated', status: 'todo', priority: 'high', dueAt: '2027-03-15T00:00:00.000Z' }],
        ['bob-high', { title: 'Bob high', status: 'blocked', priority: 'high', assignees: [bob.id], dueAt: '2027-03-10T00:00:00.000Z' }],
        ['before-window', { title: 'Too early', status: 'todo', priority: 'urgent', assignees: [ada.id], dueAt: '2027-02-28T23:59:59.999Z' }],
        ['at-end', { title: 'At the end', status: 'todo', priority: 'urgent', dueAt: DUE_BEFORE }],
        ['mine-urgent', { title: 'Mine and urgent', status: 'todo', priority: 'urgent', assignees: [ada.id, bob.id], dueAt: '2027-03-31T12:00:00.000Z' }],
      ];
      for (const [name, seed] of tasks) named.set(await listFixtures.task(p.id, ada.id, seed), name);
      const parent = [...named].find(([, name]) => name === 'unrelated')![0];
      named.set(await listFixtures.task(p.id, ada.id, { title: 'A subtask', priority: 'high', parentId: parent, dueAt: '2027-03-20T00:00:00.000Z' }), 'subtask');
    });

    /** the ids of every page of GET /tasks for the project and this query, 2 a page */
    const listed = (query: string): Promise<string[]> =>
      listFixtures.allPages((cursor) => h.as(ada)<TaskPageBody>('GET', `/tasks?projectId=${p.id}&limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`));
    const exported = async (filters: Record<string, unknown>): Promise<string[]> => {
      const queued = await requestExport(ada, p.id, { format: 'json', filters });
      expect([queued.status, (await ready(ada, queued.body.id)).status]).toEqual([202, 'ready']);
      return ((await (await download(ada, queued.body.id)).json()) as { id: string }[]).map((t) => t.id);
    };
    const names = (ids: string[]): string[] => ids.map((id) => named.get(id) ?? id);

    it('should export what a search with q lists, in its rank order, narrowed by the other filters', async () => {
      const filters = { q: 'deploy', status: ['todo', 'in_progress', 'done'] };
      const all = await exported(filters);
      const notDone = await exported({ q: 'deplo', status: 'todo,in_progress' });

      expect(all).toEqual(await listed('q=deploy&status=todo,in_progress,done'));
      expect(notDone).toEqual(await listed('q=deplo&status=todo&status=in_progress'));
      // the title matches (weight A) before the description-only one (B); the deleted one never
      expect(names(all).slice(-1)).toEqual(['deploy-description']);
      expect(names(all).sort()).toEqual(['deploy-both', 'deploy-description', 'deploy-done', 'deploy-title']);
      expect(names(notDone).sort()).toEqual(['deploy-both', 'deploy-description', 'deploy-title']);
    });

    it('should export what the list holds for several filters, in number order (dueAfter inclusive as in the list)', async () => {
      const filters = { assigneeId: ['me', 'none'], priority: 'high,urgent', dueAfter: DUE_AFTER, dueBefore: DUE_BEFORE, parentId: 'none' };
      const ids = await exported(filters);
      const labelled = await exported({ labelId: [await labelOf('deploy-both')], status: 'in_progress' });
      const subtasks = await exported({ parentId: [[...named].find(([, n]) => n === 'unrelated')![0]] });

      expect(ids).toEqual(await listed(`assigneeId=me,none&priority=high&priority=urgent&dueAfter=${DUE_AFTER}&dueBefore=${DUE_BEFORE}&parentId=none&sort=number`));
      expect(names(ids)).toEqual(['deploy-title', 'unrelated', 'mine-urgent']);
      expect(names(labelled)).toEqual(['deploy-both']);
      expect(names(subtasks)).toEqual(['subtask']);
    });

    const labelOf = async (name: string): Promise<string> => {
      const id = [...named].find(([, n]) => n === name)![0];
      const [{ label_id: label }] = await h.dataSource.query<{ label_id: string }[]>(`SELECT label_id FROM task_label WHERE task_id = $1`, [id]);
      return label;
    };
  });

  it('should answer 404 to a non-member, 400 to unknown formats and filters and to an invalid q, and 409 to a download before it is ready', async () => {
    const p = await fixtures.project(ada);
    const answers = await Promise.all([
      requestExport(cyd, p.id, { format: 'csv' }),
      requestExport(ada, p.id, { format: 'xlsx' }),
      requestExport(ada, p.id, { format: 'csv', filters: { colour: 'red' } }),
      requestExport(ada, p.id, { format: 'csv', filters: { q: '?!' } }),
      requestExport(ada, p.id, { format: 'csv', filters: { dueBefore: 'tomorrow' } }),
    ]);
    await h.dataSource.query(`INSERT INTO task_export (id, project_id, requested_by, format) VALUES ('0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e', $1, $2, 'csv')`, [p.id, ada.id]);
    const early = await h.as(ada)<ErrorBody>('GET', '/exports/0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e/download');

    expect(answers.map((a) => [a.status, a.body.code])).toEqual([
      [404, 'PROJECT.NOT_FOUND'],
      [400, 'REQUEST.VALIDATION_FAILED'],
      [400, 'REQUEST.VALIDATION_FAILED'],
      [400, 'REQUEST.VALIDATION_FAILED'],
      [400, 'REQUEST.VALIDATION_FAILED'],
    ]);
    expect([early.status, early.body.code, early.body.details]).toEqual([409, 'EXPORT.NOT_READY', { status: 'queued' }]);
  });

  it('should answer 409 EXPORT.EXPIRED from its expiry on, and delete the file from the database with the expiry run', async () => {
    const p = await fixtures.project(ada);
    await fixtures.task(p.id, ada.id);
    const queued = await requestExport(ada, p.id, { format: 'csv' });
    await ready(ada, queued.body.id);
    const stored = await exportFixtures.pieces(queued.body.id);
    await h.dataSource.query(`UPDATE task_export SET expires_at = now() - interval '1 second' WHERE id = $1`, [queued.body.id]);

    const lapsed = [(await status(ada, queued.body.id)).body.status, (await download(ada, queued.body.id)).status];
    const expired = await h.under.service.app.get(ExportExpiry).run();
    const answer = await h.as(ada)<ErrorBody>('GET', `/exports/${queued.body.id}/download`);

    expect(stored.count).toBe(1);
    // past its expiry, before the run: already expired to its requester, its pieces not deleted yet
    expect(lapsed).toEqual(['expired', 409]);
    expect(expired).toBeGreaterThanOrEqual(1);
    expect((await status(ada, queued.body.id)).body.status).toBe('expired');
    expect([answer.status, answer.body.code]).toEqual([409, 'EXPORT.EXPIRED']);
    expect((await exportFixtures.pieces(queued.body.id)).count).toBe(0);
    expect((await h.dataSource.query<{ status: string }[]>(`SELECT status FROM task_export WHERE id = $1`, [queued.body.id]))[0].status).toBe('expired');
  });

  it('should leave no piece of a file whose storing failed mid-way: failed, 409 to its download, nothing in the database', async () => {
    const p = await fixtures.project(ada);
    await exportFixtures.tasks(p.id, ada.id, THREE_PIECES);
    await exportFixtures.failPiece(p.id, 2, 1_000);

    const queued = await requestExport(ada, p.id, { format: 'csv' });
    const done = await ready(ada, queued.body.id);
    const answer = await h.as(ada)<ErrorBody>('GET', `/exports/${queued.body.id}/download`);

    expect([done.status, done.error]).toEqual(['failed', expect.stringContaining('injected fault storing piece 2')]);
    expect([answer.status, answer.body.code, answer.body.details]).toEqual([409, 'EXPORT.NOT_READY', { status: 'failed' }]);
    // pieces 0 and 1 were inserted before the fault, in the transaction it rolled back
    expect(await exportFixtures.pieces(queued.body.id)).toEqual({ count: 0, bytes: 0, stored: 0 });
  });

  it('should write the whole file again when a request is retried after an attempt died mid-way, and serve only that', async () => {
    const p = await fixtures.project(ada);
    await exportFixtures.tasks(p.id, ada.id, THREE_PIECES);
    const reference = await requestExport(ada, p.id, { format: 'csv' });
    await ready(ada, reference.body.id);
    await exportFixtures.failPiece(p.id, 2, 1);
    // the first attempt cannot even mark the export failed (its database connection is gone): the consumer retries
    const failed = jest.spyOn(h.under.service.app.get(ExportRepository), 'failed').mockRejectedValueOnce(new Error('connection terminated'));

    try {
      const queued = await requestExport(ada, p.id, { format: 'csv' });
      const done = await ready(ada, queued.body.id, 30_000);
      const [again, expected] = await Promise.all([receive(await download(ada, queued.body.id)), receive(await download(ada, reference.body.id))]);

      expect(failed).toHaveBeenCalledTimes(1);
      expect([done.status, done.error, done.progress.rowsWritten]).toEqual(['ready', null, THREE_PIECES]);
      expect(again).toEqual(expected);
      expect(await exportFixtures.pieces(queued.body.id)).toMatchObject({ count: 3, bytes: expected.bytes });
    } finally {
      failed.mockRestore();
    }
  });

  it('should serve an export written by one instance from another, byte for byte (the file is in the database, not on a disk)', async () => {
    const p = await fixtures.project(ada);
    await exportFixtures.tasks(p.id, ada.id, THREE_PIECES);
    // written while this instance is the only one
    const queued = await requestExport(ada, p.id, { format: 'csv' });
    expect((await ready(ada, queued.body.id)).status).toBe('ready');
    // passport keeps one 'jwt' strategy per process: from here on the second instance's verifies every instance's
    // tokens, so it stays up until the spec ends (closed in afterAll), sharing the exports that follow
    other = await TaskHarness.start({ label: 'exports', env: ENV, shareWith: h });
    const [fromWriter, fromOther] = await Promise.all([download(ada, queued.body.id), download(ada, queued.body.id, other)]);
    const headers = (r: Response) => ['content-type', 'content-disposition', 'content-length'].map((name) => r.headers.get(name));
    const [written, served] = await Promise.all([receive(fromWriter), receive(fromOther)]);
    const pieces = await exportFixtures.pieces(queued.body.id);

    expect([fromWriter.status, fromOther.status]).toEqual([200, 200]);
    expect(headers(fromOther)).toEqual(headers(fromWriter));
    expect(served).toEqual(written);
    expect([served.bytes, served.lines]).toEqual([Number(fromOther.headers.get('content-length')), THREE_PIECES + 1]);
    expect([pieces.count, pieces.bytes]).toEqual([Math.ceil(served.bytes / CHUNK_BYTES), served.bytes]);
    expect(pieces.count).toBe(3);
  });

  it(`should export ${LARGE} tasks and serve them with memory flat: its peak growth far below the file's size`, async () => {
    const p = await fixtures.project(ada);
    await exportFixtures.tasks(p.id, ada.id, LARGE);
    // the worker and the download run in this process: sample their live memory, the V8 heap and the Buffers outside
    // it (the pieces), after a full GC so that garbage does not count; twice, as V8 frees the Buffers found dead
    // concurrently after a GC (the next one waits for that), and a single one counts tens of MB of them now and then
    const liveMemory = (): number => {
      collectGarbage();
      collectGarbage();
      const { heapUsed, arrayBuffers } = process.memoryUsage();
      return heapUsed + arrayBuffers;
    };
    const baseline = liveMemory();
    let writing = baseline;
    let sampledAt = 0;

    const queued = await requestExport(ada, p.id, { format: 'csv' });
    let sawProgress = false;
    let finished: ExportBody | undefined;
    await waitFor(
      async () => {
        const now = (await status(ada, queued.body.id)).body;
        finished = now;
        sawProgress ||= now.status === 'running' && now.progress.rowsWritten > 0 && now.progress.totalRows === LARGE;
        // a full GC every second while it runs (each costs a pause, so not on every poll)
        if (now.status === 'running' && Date.now() - sampledAt > 1_000) {
          writing = Math.max(writing, liveMemory());
          sampledAt = Date.now();
        }
        return now.status === 'ready' || now.status === 'failed';
      },
      { description: 'the large export', timeoutMs: 420_000, intervalMs: 250 },
    );
    expect(finished).toMatchObject({ status: 'ready', error: null, progress: { rowsWritten: LARGE, totalRows: LARGE, percent: 100 } });
    const stored = await exportFixtures.pieces(queued.body.id);
    // the download streams it piece by piece to this process, which reads it as it comes: a sample every 4 MiB
    const file = await download(ada, queued.body.id);
    let sampledBytes = 0;
    let serving = baseline;
    const received = await receive(file, (bytes) => {
      if (bytes - sampledBytes < 4 * CHUNK_BYTES) return;
      serving = Math.max(serving, liveMemory());
      sampledBytes = bytes;
    });

    expect(sawProgress).toBe(true);
    expect([file.status, file.headers.get('content-length')]).toEqual([200, String(stored.bytes)]);
    expect([received.bytes, received.lines]).toEqual([stored.bytes, LARGE + 1]);
    expect(received.bytes).toBeGreaterThan(80 * 1024 * 1024);
    expect(stored.count).toBe(Math.ceil(received.bytes / CHUNK_BYTES));
    // EXTENDED storage compresses the pieces (this file's repeated text many times over)
    expect(stored.stored).toBeLessThan(received.bytes / 2);
    // holding the rows would take more than the file (~1 KiB of heap per row); a flat stream holds a few batches and pieces
    expect(writing - baseline).toBeLessThan(MAX_MEMORY_GROWTH);
    expect(serving - baseline).toBeLessThan(MAX_MEMORY_GROWTH);
    expect(MAX_MEMORY_GROWTH).toBeLessThan(received.bytes / 5);

    // its expiry deletes its pieces DELETE_CHUNKS at a time, each batch in a transaction of its own
    await h.dataSource.query(`UPDATE task_export SET expires_at = now() WHERE id = $1`, [queued.body.id]);
    const batches = jest.spyOn(h.under.service.app.get(ExportChunkRepository), 'deleteSome');
    await h.under.service.app.get(ExportExpiry).run();
    const transactions = batches.mock.calls.length;
    batches.mockRestore();

    expect([(await exportFixtures.pieces(queued.body.id)).count, (await status(ada, queued.body.id)).body.status]).toEqual([0, 'expired']);
    expect(transactions).toBe(Math.floor(stored.count / DELETE_CHUNKS) + 1);
  });
});
