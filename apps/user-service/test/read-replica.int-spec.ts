import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { integrationEnv, scratchDatabaseName, waitFor } from '@taskhub/platform-testing';
import { type ReplicaCluster, removeReplica, setReplicaApplyDelay, startReplica, stopReplica } from '@taskhub/tooling-stack';
import { v7 as uuidv7 } from 'uuid';
import { UserHarness } from './support/user-harness';

jest.setTimeout(60_000);

interface ProfileBody {
  id: string;
  displayName: string;
}

const LABEL = 'read_replica';
/** long enough to see a stale read, short enough for a quick spec */
const APPLY_DELAY_MS = 2500;

/**
 * The user service against a real streaming replica of the run's PostgreSQL (pg_basebackup into a temporary directory,
 * started on a free port): GET requests read from the replica, a user reads their own writes while the replica lags on
 * purpose (recovery_min_apply_delay), and a stopped replica sends reads back to the primary with no error.
 */
describe('user-service read replica', () => {
  const env = integrationEnv();
  let baseDir: string;
  let replica: ReplicaCluster;
  let users: UserHarness;
  const alice = uuidv7();
  const bob = uuidv7();

  const readRequests = async (target: string, reason: string): Promise<number> => {
    const metric = users.under.service.app.get(ServiceMetrics).registry.getSingleMetric('taskhub_db_read_requests_total');
    const values = (await metric?.get())?.values ?? [];
    return values.find((v) => v.labels.target === target && v.labels.reason === reason)?.value ?? 0;
  };
  const fallbacks = async (reason: string): Promise<number> => {
    const metric = users.under.service.app.get(ServiceMetrics).registry.getSingleMetric('taskhub_db_read_fallback_total');
    return (await metric?.get())?.values.find((v) => v.labels.reason === reason)?.value ?? 0;
  };
  /** The directory's lookup by ids: read from the database on every request (GET /users/:id is served from the cache). */
  const lookUp = (reader: string, id: string) => users.request<{ items: ProfileBody[] }>('GET', `/users?ids=${id}`, { headers: users.auth(reader) });
  const nameOf = async (reader: string, id: string): Promise<string | undefined> => {
    const response = await lookUp(reader, id);
    expect(response.status).toBe(200);
    return response.body.items[0]?.displayName;
  };
  const rename = async (id: string, displayName: string): Promise<void> => {
    const response = await users.request('PATCH', '/users/me', { headers: users.auth(id), body: { displayName } });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    baseDir = await mkdtemp(path.join(tmpdir(), 'taskhub-replica-'));
    replica = await startReplica({ primaryAdminUrl: env.adminDatabaseUrl, baseDir });
    const primaryUrl = new URL(env.adminDatabaseUrl);
    primaryUrl.pathname = `/${scratchDatabaseName(env.runId, LABEL)}`;
    users = await UserHarness.start({
      label: LABEL,
      env: {
        READ_DATABASE_URL: replica.urlFor(primaryUrl.toString()),
        REPLICA_LAG_POLL_MS: '50',
        REPLICA_MAX_LAG_MS: '20000',
        READ_YOUR_WRITES_WINDOW_MS: '60000',
      },
    });
    for (const [id, name] of [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ]) {
      await users.dataSource.query(`INSERT INTO profile (id, email, display_name, name_key, search_text) VALUES ($1, $2, $3, $4, $5)`, [
        id,
        `${id}@example.com`,
        name,
        name.toLowerCase(),
        ` ${name.toLowerCase()} ${id}@example.com`,
      ]);
    }
  });

  afterAll(async () => {
    await users?.close();
    if (baseDir) await removeReplica({ baseDir, primaryAdminUrl: env.adminDatabaseUrl });
  });

  it('should read from the replica once it has replayed what the reader may have written', async () => {
    // the replica has the profiles once a read routed to it finds them
    await waitFor(
      async () => (await nameOf(bob, alice)) === 'Alice' && (await readRequests('replica', 'caught_up')) > 0,
      { description: 'the profiles replayed on the replica, and read there' },
    );
    const before = await readRequests('replica', 'caught_up');

    expect(await nameOf(bob, alice)).toBe('Alice');

    expect(await readRequests('replica', 'caught_up')).toBe(before + 1);
  });

  it("should show a user their own write at once while the replica lags, and others the replica's older state", async () => {
    await setReplicaApplyDelay(replica, APPLY_DELAY_MS);
    const ownWrites = await readRequests('primary', 'own_write');

    await rename(alice, 'Alice Two');

    expect(await nameOf(alice, alice)).toBe('Alice Two'); // from the primary: the replica has not replayed it
    expect(await readRequests('primary', 'own_write')).toBe(ownWrites + 1);
    expect(await nameOf(bob, alice)).toBe('Alice'); // Bob's read went to the delayed replica
    await waitFor(async () => (await nameOf(bob, alice)) === 'Alice Two', { description: 'the rename replayed on the replica', timeoutMs: 15_000 });
    // replayed: Alice's reads go to the replica again
    const replicaReads = await readRequests('replica', 'caught_up');
    await waitFor(async () => (await nameOf(alice, alice)) === 'Alice Two' && (await readRequests('replica', 'caught_up')) > replicaReads, {
      description: "Alice's read back on the replica",
    });
    await setReplicaApplyDelay(replica, 0);
  });

  it('should read from the primary, with no error, once the replica is stopped', async () => {
    await rename(bob, 'Bob Two');
    await stopReplica({ baseDir });
    const before = (await fallbacks('replica_down')) + (await fallbacks('replica_error'));

    for (let i = 0; i < 5; i += 1) expect(await nameOf(alice, bob)).toBe('Bob Two');

    expect((await fallbacks('replica_down')) + (await fallbacks('replica_error'))).toBeGreaterThanOrEqual(5 + before);
    await waitFor(async () => (await fallbacks('replica_down')) > 0 && users.under.logs.lines.some((l) => String(l.msg).includes('read replica in use -> replica_down')), {
      description: 'the monitor reporting the replica down',
    });
  });
});
