/* eslint-disable no-console -- a benchmark prints its table */
import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { accessClaims, createRunId, signRs256 } from '@taskhub/platform-testing';
import { destroyTestRun, provisionTestRun, testInfrastructureFromEnv, type TestRunResources } from '@taskhub/tooling-stack';
import { seedTasks } from '@taskhub/tooling-seed';
import { Client } from 'pg';
import { addCounts, type CacheCounts, countsBetween, readCacheCounts } from './task-reads/cache-metrics';
import { type DriveResult, driveMix } from './task-reads/drive';
import { type RoundResult, type TaskReadsResult, VARIANTS, type VariantName, summarize, writeAndPrint } from './task-reads/report';
import { runToEnd, type RunningService, startTaskService } from './task-reads/service';
import { loadWorkload, mixShares, prng, type Workload } from './task-reads/workload';

/**
 * Cache hit ratios of the task service under a realistic read mix (issue 11: 95 % or more): a scratch database
 * (`taskhub_test_<run>_task_bench`, dropped at the end) migrated and seeded with BENCH_TASKS tasks, the task service
 * from dist/ as a child process, and many seeded members of BENCH_PROJECTS projects reading their projects' default
 * lists, boards, stats, their "my work" and single tasks, with BENCH_WRITE_SHARE (2 %) creates so generations move and pages miss.
 * `/metrics` is read before and after each measured round; the same mix runs, in alternating rounds, against a second
 * instance without refresh-ahead (CACHE_REFRESH_WINDOW_SECONDS=0) and a third whose cache TTLs are the minimum (1 s)
 * and which warms nothing. Run: `npm run bench:task-reads`.
 */
const ROOT = __dirname.endsWith(join('dist', 'bench')) ? resolve(__dirname, '..', '..') : resolve(__dirname, '..');
const COLD_CACHE_ENV: Record<string, string> = {
  MEMBERSHIP_CACHE_TTL_SECONDS: '1',
  MEMBERSHIP_LRU_TTL_SECONDS: '1',
  LIST_CACHE_TTL_SECONDS: '1',
  STATS_CACHE_TTL_SECONDS: '1',
  CACHE_WARM_MAX_PROJECTS: '0',
};

/** What each variant changes in the service's environment. */
const VARIANT_ENV: Record<VariantName, Record<string, string>> = {
  cached: {},
  noRefresh: { CACHE_REFRESH_WINDOW_SECONDS: '0' },
  coldCache: COLD_CACHE_ENV,
};

export interface TaskReadsOptions {
  readonly rounds?: number;
  readonly durationSeconds?: number;
  readonly connections?: number;
}

export async function runTaskReadsBench(options: TaskReadsOptions = {}): Promise<TaskReadsResult> {
  const env = process.env;
  const config = {
    tasks: Number(env.BENCH_TASKS ?? 50_000),
    seed: Number(env.BENCH_SEED ?? 1),
    projects: Number(env.BENCH_PROJECTS ?? 20),
    rounds: options.rounds ?? Number(env.BENCH_ROUNDS ?? 3),
    durationSeconds: options.durationSeconds ?? Number(env.BENCH_DURATION_SECONDS ?? 10),
    warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 5),
    connections: options.connections ?? Number(env.BENCH_CONNECTIONS ?? 20),
    writeShare: Number(env.BENCH_WRITE_SHARE ?? 0.02),
    variants: (env.BENCH_TASK_READS_VARIANTS ?? 'cached,noRefresh,coldCache').split(',') as VariantName[],
  };
  const shares = mixShares(config.writeShare);
  const infrastructure = testInfrastructureFromEnv();
  const runId = createRunId();
  const services: RunningService[] = [];
  const loadBefore = loadavg();
  try {
    const run = await provisionTestRun(runId, infrastructure);
    const databaseUrl = await createBenchDatabase(run);
    const serviceEnv = (label: string, extra: Record<string, string>): Record<string, string> => ({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      REDIS_URL: infrastructure.redisUrl,
      REDIS_KEY_PREFIX: `${run.redisKeyPrefix}${label}:task:`,
      REDIS_SHARED_KEY_PREFIX: `${run.redisKeyPrefix}${label}:shared:`,
      RABBITMQ_URL: run.rabbitmqUrl,
      JWT_PUBLIC_KEYS_DIR: run.jwtKeysDir,
      USER_RATE_LIMIT_PER_MINUTE: '0',
      LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '60000',
      LOAD_SHED_MAX_RSS_MB: '65536',
      TASK_EXPORT_QUEUE: `task.exports-${label.toLowerCase()}`,
      ...extra,
    });
    await runToEnd(join(ROOT, 'dist', 'apps', 'task-service', 'src', 'migrate.js'), serviceEnv('migrate', {}));
    const workload = await seed(databaseUrl, config);
    const tokens = userTokens(run.jwtKeysDir, workload);
    const authorization = (userId: string): string => tokens.get(userId)!;
    const instances = {} as Record<VariantName, RunningService>;
    for (const name of config.variants) {
      instances[name] = await startTaskService(ROOT, serviceEnv(name, VARIANT_ENV[name]));
      services.push(instances[name]);
    }
    const random = prng(config.seed);
    const drive = (name: VariantName, seconds: number): Promise<DriveResult> =>
      driveMix(instances[name].baseUrl, workload, random, authorization, { connections: config.connections, seconds, shares });
    for (const name of config.variants) await drive(name, config.warmupSeconds); // not counted: connections, JIT, first loads
    const rounds: Record<VariantName, RoundResult[]> = { cached: [], noRefresh: [], coldCache: [] };
    const counts: Record<VariantName, CacheCounts> = { cached: {}, noRefresh: {}, coldCache: {} };
    for (let round = 1; round <= config.rounds; round++) {
      for (const name of config.variants) {
        const before = await readCacheCounts(instances[name].baseUrl);
        const drove = await drive(name, config.durationSeconds);
        const delta = countsBetween(before, await readCacheCounts(instances[name].baseUrl));
        counts[name] = addCounts(counts[name], delta);
        rounds[name].push({ ...drove, cacheCounts: delta });
        console.log(`round ${round}/${config.rounds} ${VARIANTS[name].padEnd(34)} ${drove.requestsPerSecond} req/s, ${drove.failed} failed`);
      }
    }
    const result: TaskReadsResult = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadBefore,
      loadAfter: loadavg(),
      config,
      workload: { projects: workload.projects.length, memberships: workload.memberships.length, users: workload.users.length },
      variants: Object.fromEntries(config.variants.map((n) => [n, summarize(n, rounds[n], counts[n], shares)])),
    };
    writeAndPrint(ROOT, result);
    return result;
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    await destroyTestRun(runId, infrastructure);
  }
}

/** `taskhub_test_<run>_task_bench`, owned by the run's task role (destroyTestRun drops it with the run's others). */
async function createBenchDatabase(run: TestRunResources): Promise<string> {
  const taskUrl = new URL(run.databaseUrls.task);
  const role = decodeURIComponent(taskUrl.username);
  const name = `${role}_bench`;
  const admin = new Client({ connectionString: run.infrastructure.postgresAdminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" OWNER "${role}"`);
  } finally {
    await admin.end();
  }
  taskUrl.pathname = `/${name}`;
  return taskUrl.toString();
}

async function seed(databaseUrl: string, config: { tasks: number; seed: number; projects: number }): Promise<Workload> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const began = Date.now();
    await seedTasks(client, { tasks: config.tasks, seed: config.seed });
    console.log(`seeded ${config.tasks} tasks in ${Math.round((Date.now() - began) / 1000)} s`);
    return await loadWorkload(client, config.projects, 200);
  } finally {
    await client.end();
  }
}

/** One access token per member (RS256 with the run's key, valid for the whole run). */
function userTokens(keysDir: string, workload: Workload): Map<string, string> {
  const kid = readdirSync(keysDir)
    .find((f) => f.endsWith('.private.pem'))!
    .replace(/\.private\.pem$/, '');
  return new Map(workload.users.map((userId) => [userId, `Bearer ${signRs256(keysDir, kid, { payload: accessClaims(userId, {}, 4 * 3600) })}`]));
}

if (require.main === module) {
  runTaskReadsBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
