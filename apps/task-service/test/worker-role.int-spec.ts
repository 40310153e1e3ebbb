import { integrationEnv, TestEventPublisher, waitFor } from '@taskhub/platform-testing';
import { ExportWorker } from '../src/exports/export-worker';
import { ProjectFixtures } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

/** TaskHarness gives each label's instances an exports queue of their own: `task.exports-<label>`. */
const LABEL = 'worker_roles';
const EXPORT_QUEUE = 'task.exports-worker-roles';

describe('task-service PROCESS_ROLE=api and =worker side by side', () => {
  let events: TestEventPublisher;
  let api: TaskHarness;
  let worker: TaskHarness | undefined;
  let ada: Person;

  beforeAll(async () => {
    events = await TestEventPublisher.connect(integrationEnv().rabbitmqUrl);
    await events.purgeQueue(EXPORT_QUEUE);
    api = await TaskHarness.start({ label: LABEL, env: { PROCESS_ROLE: 'api' } });
    ada = await api.person('Ada Roles');
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await events?.close();
  });

  it('should leave a requested export on its queue in an api process, and a worker should write it once', async () => {
    const fixtures = new ProjectFixtures(api);
    const project = await fixtures.project(ada);
    await fixtures.task(project.id, ada.id);
    await fixtures.task(project.id, ada.id);
    await waitFor(() => events.queueState(EXPORT_QUEUE), { description: 'the exports queue declared by the api process' });

    const queued = await api.as(ada)<{ id: string; status: string }>('POST', `/projects/${project.id}/exports`, { body: { format: 'csv' } });
    await waitFor(async () => (await events.queueState(EXPORT_QUEUE))?.messages === 1, { description: 'the export request queued' });

    // the api process neither consumes it nor writes the file
    expect([queued.status, queued.body.status]).toEqual([202, 'queued']);
    expect(await events.queueState(EXPORT_QUEUE)).toEqual({ messages: 1, consumers: 0 });
    expect(api.under.service.app.get(ExportWorker).consuming).toBe(false);
    expect((await api.as(ada)<{ status: string }>('GET', `/exports/${queued.body.id}`)).body.status).toBe('queued');

    worker = await TaskHarness.start({ label: LABEL, env: { PROCESS_ROLE: 'worker' }, shareWith: api });

    const done = await waitFor(
      async () => {
        const { body } = await api.as(ada)<{ status: string; progress: { rowsWritten: number } }>('GET', `/exports/${queued.body.id}`);
        return body.status === 'ready' && body;
      },
      { description: 'the export written by the worker' },
    );
    const file = await fetch(`${api.baseUrl}/api/v1/exports/${queued.body.id}/download`, { headers: ada.auth });
    const lines = (await file.text()).trimEnd().split('\n');

    expect(done.progress.rowsWritten).toBe(2);
    expect([file.status, lines.length]).toEqual([200, 3]); // the header and the two tasks
    expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM inbox_event WHERE consumer = $1`, [EXPORT_QUEUE])).toEqual([{ n: 1 }]);
    expect(await events.queueState(EXPORT_QUEUE)).toEqual({ messages: 0, consumers: 1 });
  });

  it('should answer the probes and /metrics in a worker process, and no API route', async () => {
    const running = worker!;
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${running.baseUrl}${path}`, { headers });

    const [live, ready, metrics] = await Promise.all([get('/health/live'), get('/health/ready'), get('/metrics')]);
    const route = await get('/api/v1/projects', ada.auth);

    expect([live.status, ready.status, metrics.status, route.status]).toEqual([200, 200, 200, 404]);
    expect(((await route.json()) as { code: string }).code).toBe('ROUTE.NOT_FOUND');
    expect(await metrics.text()).toContain(`events_consumed_total{queue="${EXPORT_QUEUE}"`);
  });

  // last: it stops the worker
  it('should finish and acknowledge the export a worker is writing when it is told to stop (SIGTERM)', async () => {
    const running = worker!;
    const project = await new ProjectFixtures(api).project(ada);
    // each piece of the file waits 1.5 s before it is stored: the export is still being written when the stop comes
    await api.dataSource.query(`CREATE OR REPLACE FUNCTION test_slow_piece() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(1.5); RETURN NEW; END $$`);
    await api.dataSource.query(`CREATE OR REPLACE TRIGGER test_slow_piece BEFORE INSERT ON task_export_chunk FOR EACH ROW EXECUTE FUNCTION test_slow_piece()`);
    const queued = await api.as(ada)<{ id: string }>('POST', `/projects/${project.id}/exports`, { body: { format: 'json' } });
    // from the database: passport keeps one strategy per process, the last app's, and this one's goes with the worker
    const status = async () => (await api.dataSource.query<{ status: string }[]>(`SELECT status FROM task_export WHERE id = $1`, [queued.body.id]))[0].status;
    await waitFor(async () => (await status()) === 'running', { description: 'the worker writing the export' });

    await running.under.service.shutdown.shutdown('SIGTERM');
    worker = undefined; // closed

    // written, its file committed, and its message acknowledged (an unacknowledged one would be ready again)
    expect(await status()).toBe('ready');
    expect(await events.queueState(EXPORT_QUEUE)).toEqual({ messages: 0, consumers: 0 });
    expect(running.under.logs.text()).toContain('shutdown complete');
    await api.dataSource.query(`DROP TRIGGER test_slow_piece ON task_export_chunk`);
  });
});
