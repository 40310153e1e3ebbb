import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { integrationEnv, scratchDatabaseName, waitFor } from '@taskhub/platform-testing';
import { type ReplicaCluster, removeReplica, setReplicaApplyDelay, startReplica } from '@taskhub/tooling-stack';
import { ProjectFixtures, type ProjectBody } from './support/project-fixtures';
import { type Person, TaskHarness } from './support/task-harness';

jest.setTimeout(60_000);

const LABEL = 'task_read_replica';

/**
 * The task service against a real streaming replica (pg_basebackup into a temporary directory), delayed on purpose:
 * whoever creates a task finds it at once in a filtered list with a limit of its own (not a cached shape: a database
 * read on every request), while another member's identical list comes from the replica without it until the replica
 * replays the insert.
 */
describe('task-service read replica', () => {
  const env = integrationEnv();
  let baseDir: string;
  let replica: ReplicaCluster;
  let h: TaskHarness;
  let ada: Person;
  let bob: Person;
  let project: ProjectBody;

  const replicaReads = async (): Promise<number> => {
    const metric = h.under.service.app.get(ServiceMetrics).registry.getSingleMetric('taskhub_db_read_requests_total');
    return (await metric?.get())?.values.find((v) => v.labels.target === 'replica')?.value ?? 0;
  };
  /** titles in a filtered list with a limit (status=todo&limit=20: not a cached shape): read from the database on every request */
  const todoTitles = async (who: Person): Promise<string[]> => {
    const page = await h.as(who)<{ items: { title: string }[] }>('GET', `/tasks?projectId=${project.id}&status=todo&limit=20`);
    expect(page.status).toBe(200);
    return page.body.items.map((t) => t.title).sort();
  };

  beforeAll(async () => {
    baseDir = await mkdtemp(path.join(tmpdir(), 'taskhub-replica-'));
    replica = await startReplica({ primaryAdminUrl: env.adminDatabaseUrl, baseDir });
    const primaryUrl = new URL(env.adminDatabaseUrl);
    primaryUrl.pathname = `/${scratchDatabaseName(env.runId, LABEL)}`;
    h = await TaskHarness.start({
      label: LABEL,
      env: { READ_DATABASE_URL: replica.urlFor(primaryUrl.toString()), REPLICA_LAG_POLL_MS: '50', REPLICA_MAX_LAG_MS: '20000', READ_YOUR_WRITES_WINDOW_MS: '60000' },
    });
    [ada, bob] = await Promise.all([h.person('Ada Lovelace'), h.person('Bob Kahn')]);
    project = await new ProjectFixtures(h).project(ada, { editor: [bob] });
  });

  afterAll(async () => {
    await h?.close();
    if (baseDir) await removeReplica({ baseDir, primaryAdminUrl: env.adminDatabaseUrl });
  });

  it("should show the creator a new task at once while the replica lags, and another member once it has replayed it", async () => {
    // Bob has written nothing: once the replica has the project, his list is read there
    await waitFor(async () => (await h.as(bob)('GET', `/tasks?projectId=${project.id}&status=todo&limit=20`)).status === 200 && (await replicaReads()) > 0, {
      description: "Bob's list read from the replica",
    });
    await setReplicaApplyDelay(replica, 2500);

    const created = await h.as(ada)('POST', '/tasks', { body: { projectId: project.id, title: 'Write the replica docs' } });
    expect(created.status).toBe(201);

    expect(await todoTitles(ada)).toEqual(['Write the replica docs']); // the creator: from the primary
    expect(await todoTitles(bob)).toEqual([]); // another member: from the delayed replica
    await waitFor(async () => (await todoTitles(bob)).length === 1, { description: 'the insert replayed on the replica', timeoutMs: 15_000 });
    await setReplicaApplyDelay(replica, 0);
  });
});
