// platform-config's barrel also holds decorated config classes, which need the Reflect metadata API loaded first
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_CATALOG, type ServiceDescriptor } from '@taskhub/platform-config';
import { createRunId, getFreePort, waitFor } from '@taskhub/platform-testing';
import {
  destroyTestRun,
  provisionTestRun,
  provisionTestRunRedisUsers,
  testInfrastructureFromEnv,
  type TestRunRedisUsers,
  type TestRunResources,
  waitForHttp,
} from '@taskhub/tooling-stack';
import { benchKongConfig } from './bench-kong';
import { type BenchTarget } from './bench-target';
import { BenchProcess } from './bench-process';
import { seedBenchData, type SeededData } from './seed-data';

const READY_TIMEOUT_MS = 180_000;

export interface BenchStackOptions {
  readonly root: string;
  /** tasks the seed script makes (its shape follows: people, Zipf-sized projects, members, labels, comments) */
  readonly tasks: number;
  readonly seed: number;
  /** seeded projects the scenarios' users come from */
  readonly projects: number;
  /** also start a second task-service instance and a gateway balancing both (the scale-out row) */
  readonly secondTaskInstance: boolean;
  readonly logDir: string;
  /** when set, the services and gateways run with --cpu-prof and write <label>.cpuprofile here when stopped */
  readonly cpuProfileDir?: string;
  readonly log: (line: string) => void;
}

/**
 * TaskHub for one bench run, from dist/, as `npm start` runs it: this run's databases, vhost and Redis prefix
 * (`taskhub_test_<run>_*`, dropped at the end), migrations, the task database seeded, the four services, and the
 * gateway running kong/kong.yml with only its rate limit raised. With `secondTaskInstance`, a second task service
 * (same database, Redis and broker) and a second gateway whose task upstream has both as targets. Each process writes
 * its output straight to a file under `logDir` (not through this process, whose CPU is the load generator's).
 */
export class BenchStack implements BenchTarget {
  readonly kind = 'scratch';
  readonly processes = new Map<string, BenchProcess>();
  /** gateway (one task target) */
  gatewayUrl = '';
  /** gateway balancing two task-service instances; '' without secondTaskInstance */
  gatewayTwoTasksUrl = '';
  taskServiceUrl = '';
  data!: SeededData;
  private run?: TestRunResources;
  private redisUsers?: TestRunRedisUsers;

  private constructor(
    private readonly options: BenchStackOptions,
    readonly runId: string,
  ) {}

  static async start(options: BenchStackOptions): Promise<BenchStack> {
    const stack = new BenchStack(options, createRunId());
    try {
      await stack.boot();
      return stack;
    } catch (error) {
      await stack.stop().catch(() => undefined);
      throw error;
    }
  }

  get jwtKeysDir(): string {
    return this.resources.jwtKeysDir;
  }

  get resources(): TestRunResources {
    if (!this.run) throw new Error('the bench stack is not provisioned');
    return this.run;
  }

  /** pid per process label, for the CPU figures */
  get pids(): Map<string, number> {
    return new Map([...this.processes].map(([label, p]) => [label, p.pid]));
  }

  private async boot(): Promise<void> {
    const { root, log } = this.options;
    const missing = [...SERVICE_CATALOG.map((s) => `dist/apps/${s.app}/src/main.js`), 'dist/apps/gateway/src/main.js'].filter((f) => !existsSync(join(root, f)));
    if (missing.length > 0) throw new Error(`the bench needs the build (${missing.join(', ')} missing): run \`npm run bench\`, which builds first`);
    mkdirSync(this.options.logDir, { recursive: true });
    const infrastructure = testInfrastructureFromEnv();
    this.run = await provisionTestRun(this.runId, infrastructure);
    const run = this.run;
    // every service and the gateways as their own Redis ACL user, with production's rules over this run's prefixes
    this.redisUsers = await provisionTestRunRedisUsers(run, {
      service: (name) => `${run.redisKeyPrefix}${name}:`,
      shared: `${run.redisKeyPrefix}shared:`,
      gateway: this.gatewayRedisKeyPrefix,
    });
    log(`run ${this.runId}: migrating the four databases`);
    await Promise.all(SERVICE_CATALOG.map((s) => this.migrate(s)));
    log(`seeding ${this.options.tasks} tasks (seed ${this.options.seed})`);
    this.data = await seedBenchData(run.databaseUrls.task, run.jwtKeysDir, this.options);
    const { workload } = this.data;
    log(
      `seeded in ${Math.round(this.data.seedMs / 1000)} s: ${workload.projects.length} projects, ${workload.users.length} of their members as users, ` +
        `${workload.todoAssignees.length} (member, project) pairs asking for their own todo (rows 2, 3)`,
    );

    const ports = new Map<string, number>();
    for (const service of SERVICE_CATALOG) {
      const port = await getFreePort();
      ports.set(service.app, port);
      this.startNode(service.app, `dist/apps/${service.app}/src/main.js`, { ...this.serviceEnv(service), PORT: String(port) });
    }
    const taskInstances = ['task-service'];
    if (this.options.secondTaskInstance) {
      const port = await getFreePort();
      ports.set('task-service-2', port);
      const task = SERVICE_CATALOG.find((s) => s.name === 'task')!;
      this.startNode('task-service-2', 'dist/apps/task-service/src/main.js', { ...this.serviceEnv(task), PORT: String(port) });
      taskInstances.push('task-service-2');
    }
    this.taskServiceUrl = `http://127.0.0.1:${ports.get('task-service')}`;
    await Promise.all([...ports].map(([label, port]) => this.ready(label, `http://127.0.0.1:${port}/health/ready`)));
    const task = SERVICE_CATALOG.find((s) => s.name === 'task')!;
    const connectTo = (instances: readonly string[]): string =>
      [
        ...SERVICE_CATALOG.filter((s) => s.name !== 'task').map((s) => `${s.app}:${s.port}=127.0.0.1:${ports.get(s.app)}`),
        ...instances.map((label) => `${label}:${task.port}=127.0.0.1:${ports.get(label)}`),
        `redis:6379=${new URL(infrastructure.redisUrl).hostname}:${new URL(infrastructure.redisUrl).port || '6379'}`,
      ].join(',');
    this.gatewayUrl = await this.startGateway('gateway', ['task-service'], connectTo(['task-service']));
    if (this.options.secondTaskInstance) this.gatewayTwoTasksUrl = await this.startGateway('gateway-2', taskInstances, connectTo(taskInstances));
    log(`stack ready: gateway ${this.gatewayUrl}${this.gatewayTwoTasksUrl ? `, gateway over two task services ${this.gatewayTwoTasksUrl}` : ''}; logs in ${this.options.logDir}`);
  }

  /** both gateways count the rate limit under one prefix, as two Kong nodes sharing a Redis do */
  private get gatewayRedisKeyPrefix(): string {
    return `${this.resources.redisKeyPrefix}gateway:`;
  }

  private serviceEnv(service: ServiceDescriptor): Record<string, string> {
    const run = this.resources;
    return {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATABASE_URL: run.databaseUrls[service.name],
      REDIS_URL: this.redisUsers!.serviceUrls[service.name],
      REDIS_KEY_PREFIX: `${run.redisKeyPrefix}${service.name}:`,
      REDIS_SHARED_KEY_PREFIX: `${run.redisKeyPrefix}shared:`,
      RABBITMQ_URL: run.rabbitmqUrl,
      JWT_PUBLIC_KEYS_DIR: run.jwtKeysDir,
      // the services' own per-user limits, raised like the edge's (each still counts in Redis): the bench's users
      // send far more than a person would
      USER_RATE_LIMIT_PER_MINUTE: '1000000000',
      ...(service.name === 'auth' ? { AUTH_SIGNING_KEYS_DIR: run.jwtKeysDir, AUTH_GENERATE_SIGNING_KEY: 'false' } : {}),
    };
  }

  private async startGateway(label: string, taskTargets: readonly string[], connectTo: string): Promise<string> {
    const task = SERVICE_CATALOG.find((s) => s.name === 'task')!;
    const proxyPort = await getFreePort();
    const statusPort = await getFreePort();
    this.startNode(label, 'dist/apps/gateway/src/main.js', {
      KONG_DECLARATIVE_CONFIG: benchKongConfig(this.options.root, taskTargets.map((t) => `${t}:${task.port}`), join(this.options.logDir, `${label}.kong.yml`)),
      KONG_PROXY_LISTEN: `127.0.0.1:${proxyPort}`,
      KONG_STATUS_LISTEN: `127.0.0.1:${statusPort}`,
      GATEWAY_CONNECT_TO: connectTo,
      GATEWAY_REDIS_KEY_PREFIX: this.gatewayRedisKeyPrefix,
      TASKHUB_GATEWAY_REDIS_USER: this.redisUsers!.gateway.user,
      TASKHUB_GATEWAY_REDIS_PASSWORD: this.redisUsers!.gateway.password,
      JWT_PUBLIC_KEYS_DIR: this.resources.jwtKeysDir,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
    });
    const statusUrl = `http://127.0.0.1:${statusPort}`;
    await this.ready(label, `${statusUrl}/status`);
    // active health checks mark a target that was not up yet unhealthy: wait until every target is healthy again
    await waitFor(
      async () => {
        const metrics = await (await fetch(`${statusUrl}/metrics`)).text();
        const states = metrics.split('\n').filter((line) => line.startsWith('kong_upstream_target_health{') && line.endsWith(' 1'));
        return states.length > 0 && states.every((line) => !line.includes('state="unhealthy"'));
      },
      { description: `${label}'s upstream targets healthy`, timeoutMs: READY_TIMEOUT_MS, intervalMs: 250 },
    );
    return `http://127.0.0.1:${proxyPort}`;
  }

  private async migrate(service: ServiceDescriptor): Promise<void> {
    const migration = this.startNode(`${service.name}-migrate`, `dist/apps/${service.app}/src/migrate.js`, { DATABASE_URL: this.resources.databaseUrls[service.name], NODE_ENV: 'test' });
    const code = await migration.exited;
    this.processes.delete(`${service.name}-migrate`);
    if (code !== 0) throw new Error(`migrations of ${service.app} failed (exit ${code}); see ${migration.logFile}`);
  }

  private startNode(label: string, script: string, env: Record<string, string>): BenchProcess {
    const logFile = join(this.options.logDir, `${label}.log`);
    const fd = openSync(logFile, 'a');
    const profile = this.options.cpuProfileDir && !label.endsWith('-migrate') ? ['--cpu-prof', `--cpu-prof-dir=${this.options.cpuProfileDir}`, `--cpu-prof-name=${label}.cpuprofile`] : [];
    const child = spawn(process.execPath, [...profile, join(this.options.root, script)], {
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd: this.options.root,
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    const managed = new BenchProcess(label, child, logFile);
    this.processes.set(label, managed);
    return managed;
  }

  /**
   * Resolves once `url` answers 200; rejects as soon as the process exits, or after READY_TIMEOUT_MS, naming its log
   * (and, for an exit, quoting its last lines: the log may be gone by the time someone reads the error, as in CI).
   */
  private async ready(label: string, url: string): Promise<void> {
    const p = this.processes.get(label)!;
    const exited = p.exited.then((code) => {
      throw new Error(`${label} exited (${code}) before it was ready; its output: ${p.logFile}, ending:\n${lastLines(p.logFile, 20)}`);
    });
    const up = waitForHttp(url, { timeoutMs: READY_TIMEOUT_MS, intervalMs: 250 }).catch((error: unknown) => {
      throw new Error(`${label} did not get ready (${error instanceof Error ? error.message : String(error)}); its output: ${p.logFile}`);
    });
    await Promise.race([up, exited]);
    exited.catch(() => undefined); // exiting later, after the bench stops it, is no error
  }

  /** Gateways first, then the services (SIGTERM, then SIGKILL after 15 s); the run's databases, vhost and keys dropped. */
  async stop(): Promise<void> {
    const gateways = [...this.processes.values()].filter((p) => p.label.startsWith('gateway'));
    await Promise.all(gateways.map((p) => p.stop()));
    await Promise.all([...this.processes.values()].map((p) => p.stop()));
    this.processes.clear();
    if (this.run) await destroyTestRun(this.runId, this.run.infrastructure);
  }
}

/** The last `count` lines of a log file, or why they cannot be read. */
function lastLines(file: string, count: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
  } catch (error) {
    return `(unreadable: ${error instanceof Error ? error.message : String(error)})`;
  }
}
