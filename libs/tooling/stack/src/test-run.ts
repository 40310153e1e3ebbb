// platform-config's barrel also holds decorated config classes, which need the Reflect metadata API loaded first
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { writeNewKeyPair } from '@taskhub/platform-auth';
import { SERVICE_CATALOG, type ServiceName } from '@taskhub/platform-config';
import { gatewayRedisAclRules, serviceRedisAclRules } from '@taskhub/platform-redis';
import { assertRunId, testDatabaseName, testJwtKeysDir, testRedisKeyPrefix, testVhostName } from '@taskhub/platform-testing';
import { type InfrastructureUrls } from './infrastructure';
import { dropDatabasesWithPrefix, listTestDatabases, provisionServiceDatabase } from './postgres-provisioning';
import { createVhost, deleteVhost } from './rabbitmq-vhost';
import { deleteRedisKeysWithPrefix } from './redis-cleanup';
import { deleteRedisUsers, provisionRedisUsers, redisUsersWithPrefix } from './redis-users';

/** Everything one integration or e2e run owns. */
export interface TestRunResources {
  readonly runId: string;
  readonly infrastructure: InfrastructureUrls;
  /** per service: its database URL, connecting as its own role */
  readonly databaseUrls: Readonly<Record<ServiceName, string>>;
  readonly vhost: string;
  readonly rabbitmqUrl: string;
  readonly redisKeyPrefix: string;
  /** one signing key pair made for this run (auth signs with it, the services and the gateway verify with it) */
  readonly jwtKeysDir: string;
}

/** Written as the comment of each per-run database, so a later run can tell whether its owner is still alive. */
interface RunOwner {
  readonly taskhubTestRun: string;
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

/** Test roles get a password too, so the URLs also work where the server does not trust local connections. */
const TEST_ROLE_PASSWORD = 'taskhub_test_password';
/** A run is only swept when its owner process is gone AND it is this old (a guard against pid namespaces). */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

function withVhost(url: string, vhost: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(vhost)}`;
  return parsed.toString();
}

function databaseUrl(adminUrl: string, name: string): string {
  const parsed = new URL(adminUrl);
  parsed.username = name;
  parsed.password = TEST_ROLE_PASSWORD;
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Per-run databases and roles (`taskhub_test_<runid>_<service>`), vhost and signing key; the Redis prefix needs no setup. */
export async function provisionTestRun(runId: string, infrastructure: InfrastructureUrls): Promise<TestRunResources> {
  assertRunId(runId);
  const owner: RunOwner = { taskhubTestRun: runId, pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const databaseUrls = {} as Record<ServiceName, string>;
  await Promise.all(
    SERVICE_CATALOG.map(async ({ name }) => {
      const db = testDatabaseName(runId, name);
      await provisionServiceDatabase(infrastructure.postgresAdminUrl, {
        database: db,
        role: db,
        password: TEST_ROLE_PASSWORD,
        comment: JSON.stringify(owner),
      });
      databaseUrls[name] = databaseUrl(infrastructure.postgresAdminUrl, db);
    }),
  );
  const vhost = testVhostName(runId);
  await createVhost(vhost, { amqpUrl: infrastructure.rabbitmqUrl });
  const jwtKeysDir = testJwtKeysDir(runId);
  writeNewKeyPair(jwtKeysDir, new Date(), 2048); // 2048 bits: a test key, made fast
  return {
    runId,
    infrastructure,
    databaseUrls,
    vhost,
    rabbitmqUrl: withVhost(infrastructure.rabbitmqUrl, vhost),
    redisKeyPrefix: testRedisKeyPrefix(runId),
    jwtKeysDir,
  };
}

/**
 * Drops everything a run made: all `taskhub_test_<runid>_*` databases and roles (scratch ones included), its vhost,
 * its Redis keys and Redis users and its signing keys. Tries every step and reports all failures together.
 */
export async function destroyTestRun(runId: string, infrastructure: InfrastructureUrls): Promise<void> {
  assertRunId(runId);
  const results = await Promise.allSettled([
    dropDatabasesWithPrefix(infrastructure.postgresAdminUrl, `taskhub_test_${runId}_`),
    deleteVhost(testVhostName(runId), { amqpUrl: infrastructure.rabbitmqUrl }),
    deleteRedisKeysWithPrefix(infrastructure.redisUrl, testRedisKeyPrefix(runId)),
    redisUsersWithPrefix(infrastructure.redisUrl, testRedisUserPrefix(runId)).then((names) => deleteRedisUsers(infrastructure.redisUrl, names)),
    rm(testJwtKeysDir(runId), { recursive: true, force: true }),
  ]);
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failures.length > 0) {
    throw new Error(`cleanup of test run ${runId} failed: ${failures.map((f) => String(f.reason)).join('; ')}`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the leftovers of earlier runs on this host that were killed before their teardown (Ctrl-C, OOM): runs whose
 * owner process is gone and that started over an hour ago. Runs of live processes are never touched.
 * Returns the swept run ids.
 */
export async function sweepAbandonedTestRuns(infrastructure: InfrastructureUrls): Promise<string[]> {
  const host = hostname();
  const abandoned = new Set<string>();
  for (const { comment } of await listTestDatabases(infrastructure.postgresAdminUrl)) {
    let owner: Partial<RunOwner>;
    try {
      owner = JSON.parse(comment ?? '') as Partial<RunOwner>;
    } catch {
      continue;
    }
    const runId = owner.taskhubTestRun;
    if (typeof runId !== 'string' || !/^[0-9a-f]{8}$/.test(runId) || owner.host !== host || typeof owner.pid !== 'number') continue;
    const age = Date.now() - Date.parse(owner.startedAt ?? '');
    if (!isAlive(owner.pid) && age > ABANDONED_AFTER_MS) abandoned.add(runId);
  }
  for (const runId of abandoned) await destroyTestRun(runId, infrastructure);
  return [...abandoned];
}

/** The run's Redis users are named `taskhub_test_<runid>_<principal>`. */
export function testRedisUserPrefix(runId: string): string {
  return `taskhub_test_${runId}_`;
}

/** Where a run's Redis users connect: REDIS_URL of each service, and the gateway's user and password. */
export interface TestRunRedisUsers {
  readonly serviceUrls: Readonly<Record<ServiceName, string>>;
  readonly gateway: { readonly user: string; readonly password: string };
}

/**
 * One Redis ACL user per service and one for the gateway, named for the run, with exactly the rules production gives
 * them (`serviceRedisAclRules`, `gatewayRedisAclRules`) over the run's key prefixes: the e2e stack runs every service
 * as its own user, so a command the rules forbid fails a test instead of production. destroyTestRun deletes them.
 */
export async function provisionTestRunRedisUsers(
  run: Pick<TestRunResources, 'runId' | 'infrastructure' | 'redisKeyPrefix'>,
  prefixes: { readonly service: (name: ServiceName) => string; readonly shared: string; readonly gateway: string },
): Promise<TestRunRedisUsers> {
  const password = randomBytes(18).toString('base64url');
  const services = SERVICE_CATALOG.map(({ name }) => ({
    service: name,
    name: `${testRedisUserPrefix(run.runId)}${name}`,
    password,
    rules: serviceRedisAclRules(name, { keyPrefix: prefixes.service(name), sharedKeyPrefix: prefixes.shared }),
  }));
  const gateway = { name: `${testRedisUserPrefix(run.runId)}gateway`, password, rules: gatewayRedisAclRules(prefixes.gateway) };
  await provisionRedisUsers(run.infrastructure.redisUrl, [...services, gateway]);
  const serviceUrls = {} as Record<ServiceName, string>;
  for (const user of services) {
    const url = new URL(run.infrastructure.redisUrl);
    url.username = user.name;
    url.password = user.password;
    serviceUrls[user.service] = url.toString();
  }
  return { serviceUrls, gateway: { user: gateway.name, password } };
}
