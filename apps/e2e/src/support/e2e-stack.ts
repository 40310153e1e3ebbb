// platform-config's barrel also holds decorated config classes, which need the Reflect metadata API loaded first
import 'reflect-metadata';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type Server } from 'node:http';
import path from 'node:path';
import { SERVICE_CATALOG, type ServiceDescriptor, type ServiceName } from '@taskhub/platform-config';
import { FaultProxy, createRunId, waitFor } from '@taskhub/platform-testing';
import {
  destroyTestRun,
  ensureInfrastructure,
  getFreePort,
  provisionTestRun,
  provisionTestRunRedisUsers,
  startProcess,
  stopProcess,
  sweepAbandonedTestRuns,
  testInfrastructureFromEnv,
  TEST_INFRASTRUCTURE_VARIABLES,
  waitForHttp,
  type InfrastructureUrls,
  type ManagedProcess,
} from '@taskhub/tooling-stack';
import { E2eMailbox } from './e2e-mailbox';
import { type ProcessControls, startFaultControlServer } from './fault-control-server';
import { STACK_FILE_VARIABLE, type E2eServiceInfo, type E2eStackInfo } from './stack-info';

const READY_TIMEOUT_MS = 120_000;

/**
 * The auth service's own settings in e2e: the run's key, never a generated one, and brute-force limits that suit one
 * client address running every spec: a per-account limit the security suite can reach in a few seconds (10, not the
 * ASVS 100), and per-IP login, registration and e-mail link limits it never reaches (the per-IP limits have their own
 * integration tests).
 */
const AUTH_E2E_ENV = (jwtKeysDir: string): Record<string, string> => ({
  AUTH_SIGNING_KEYS_DIR: jwtKeysDir,
  AUTH_GENERATE_SIGNING_KEY: 'false',
  AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR: '10',
  AUTH_LOGIN_MAX_ATTEMPTS_PER_IP_PER_MINUTE: '100000',
  AUTH_REGISTER_MAX_PER_IP_PER_HOUR: '100000',
  // every registration's verification link is followed from the same address (registerAccount)
  AUTH_EMAIL_TOKEN_MAX_PER_IP_PER_HOUR: '100000',
});
/**
 * The notification service's own settings in e2e: e-mail to the run's SMTP server, webhooks to receivers on
 * 127.0.0.1 (a test-only switch), and short retry delays so a failing receiver's retries happen within a spec.
 */
const NOTIFICATION_E2E_ENV = (smtpUrl: string): Record<string, string> => ({
  SMTP_URL: smtpUrl,
  EMAIL_POLL_INTERVAL_MS: '200',
  WEBHOOK_ALLOW_LOOPBACK: 'true',
  WEBHOOK_RETRY_BASE_DELAY_MS: '200',
  WEBHOOK_RETRY_MAX_DELAY_MS: '1000',
  WEBHOOK_MAX_ATTEMPTS: '3',
  WEBHOOK_SENDER_POLL_MS: '200',
});
/**
 * The task service's own settings in e2e: the due-date scan every half second instead of every minute, so a reminder
 * (and the scans of two instances racing for it, horizontal-scaling.e2e-spec.ts) happens within a spec.
 */
const TASK_E2E_ENV: Record<string, string> = { TASK_DUE_REMINDER_SCAN_INTERVAL_MS: '500' };
const KEPT_LOG_DIRS = 5;

function workspaceRoot(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
  }
  throw new Error(`no workspace root above ${__dirname}`);
}

function log(line: string): void {
  process.stdout.write(`[e2e setup] ${line}\n`);
}

/**
 * The whole TaskHub for one e2e run, from dist/: per-run databases/vhost/Redis prefix, migrations, the four services
 * and the gateway on free ports, with fault proxies in front of every Redis connection and of the task database.
 */
export class E2eStack {
  private readonly processes = new Map<string, { process: ManagedProcess; spawn: () => ManagedProcess; stopped?: boolean }>();
  private readonly proxies = new Map<string, FaultProxy>();
  private control?: Server;
  private statusUrl?: string;
  private mailbox?: E2eMailbox;

  private constructor(
    readonly runId: string,
    readonly root: string,
    readonly logDir: string,
    private readonly infrastructure: InfrastructureUrls,
  ) {}

  static async start(): Promise<E2eStack> {
    const root = workspaceRoot();
    const runId = createRunId();
    const stack = new E2eStack(runId, root, path.join(root, 'tmp', `e2e-${runId}`), testInfrastructureFromEnv());
    try {
      await stack.boot();
      return stack;
    } catch (error) {
      await stack.stop().catch(() => undefined);
      throw error;
    }
  }

  private async boot(): Promise<void> {
    this.assertBuilt();
    mkdirSync(this.logDir, { recursive: true });
    pruneOldLogDirs(path.dirname(this.logDir), KEPT_LOG_DIRS);
    process.env.TASKHUB_TEST_RUN_ID = this.runId;
    await ensureInfrastructure(this.infrastructure, { log, urlVariables: TEST_INFRASTRUCTURE_VARIABLES });
    await sweepAbandonedTestRuns(this.infrastructure).catch(() => []);
    const run = await provisionTestRun(this.runId, this.infrastructure);

    const redis = new URL(this.infrastructure.redisUrl);
    const redisTarget = { host: redis.hostname, port: Number(redis.port || 6379) };
    for (const name of [...SERVICE_CATALOG.map((s) => s.name), 'gateway']) {
      this.proxies.set(`redis:${name}`, await FaultProxy.start({ target: redisTarget }));
    }
    const taskDb = new URL(run.databaseUrls.task);
    const taskDbProxy = await FaultProxy.start({ target: { host: taskDb.hostname, port: Number(taskDb.port || 5432) } });
    this.proxies.set('postgres:task', taskDbProxy);

    const gatewayRedisKeyPrefix = `${run.redisKeyPrefix}gateway:`;
    // every service and the gateway as its own Redis ACL user, with production's rules over this run's prefixes
    const redisUsers = await provisionTestRunRedisUsers(run, {
      service: (name) => `${run.redisKeyPrefix}${name}:`,
      shared: `${run.redisKeyPrefix}shared:`,
      gateway: gatewayRedisKeyPrefix,
    });
    await Promise.all(SERVICE_CATALOG.map((s) => this.migrate(s, run.databaseUrls[s.name])));
    const mailDir = path.join(this.logDir, 'mail');
    this.mailbox = await E2eMailbox.start(mailDir);

    const services = {} as Record<ServiceName, E2eServiceInfo>;
    const ports = new Map<ServiceName, number>();
    for (const service of SERVICE_CATALOG) {
      const port = await getFreePort();
      ports.set(service.name, port);
      const databaseUrl = service.name === 'task' ? taskDbProxy.url(run.databaseUrls.task) : run.databaseUrls[service.name];
      const env: Record<string, string> = {
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: databaseUrl,
        REDIS_URL: this.proxy(`redis:${service.name}`).url(redisUsers.serviceUrls[service.name]),
        REDIS_KEY_PREFIX: `${run.redisKeyPrefix}${service.name}:`,
        REDIS_SHARED_KEY_PREFIX: `${run.redisKeyPrefix}shared:`,
        RABBITMQ_URL: run.rabbitmqUrl,
        LOG_LEVEL: 'info',
        // the run's signing key: the auth service signs with it, every service and the gateway verify with it
        JWT_PUBLIC_KEYS_DIR: run.jwtKeysDir,
        ...(service.name === 'auth' ? AUTH_E2E_ENV(run.jwtKeysDir) : {}),
        ...(service.name === 'notification' ? NOTIFICATION_E2E_ENV(this.mailbox.url) : {}),
        ...(service.name === 'task' ? TASK_E2E_ENV : {}),
      };
      const logFile = path.join(this.logDir, `${service.name}.log`);
      this.launch(service.app, () => this.node(service.app, path.join('dist/apps', service.app, 'src/main.js'), env, logFile));
      services[service.name] = { app: service.app, baseUrl: `http://127.0.0.1:${port}`, logFile, env };
    }

    const proxyPort = await getFreePort();
    const statusPort = await getFreePort();
    const gatewayLog = path.join(this.logDir, 'gateway.log');
    const kongConfigPath = path.join(this.root, 'kong', 'kong.yml');
    const gatewayEnv = {
      KONG_DECLARATIVE_CONFIG: kongConfigPath,
      KONG_PROXY_LISTEN: `127.0.0.1:${proxyPort}`,
      KONG_STATUS_LISTEN: `127.0.0.1:${statusPort}`,
      GATEWAY_CONNECT_TO: [
        ...SERVICE_CATALOG.map((s) => `${s.app}:${s.port}=127.0.0.1:${ports.get(s.name)}`),
        `redis:6379=127.0.0.1:${this.proxy('redis:gateway').port}`,
      ].join(','),
      GATEWAY_REDIS_KEY_PREFIX: gatewayRedisKeyPrefix,
      TASKHUB_GATEWAY_REDIS_USER: redisUsers.gateway.user,
      TASKHUB_GATEWAY_REDIS_PASSWORD: redisUsers.gateway.password,
      JWT_PUBLIC_KEYS_DIR: run.jwtKeysDir,
      NODE_ENV: 'test',
    };
    const statusUrl = `http://127.0.0.1:${statusPort}`;
    this.statusUrl = statusUrl;
    const spawnGateway = (): ManagedProcess => this.node('gateway', 'dist/apps/gateway/src/main.js', gatewayEnv, gatewayLog);
    this.launch('gateway', spawnGateway);

    await Promise.all([
      ...SERVICE_CATALOG.map((s) => this.waitReady(s.app, `${services[s.name].baseUrl}/health/ready`)),
      this.waitReady('gateway', `${statusUrl}/status`),
    ]);

    await this.waitGatewayTargetsHealthy(statusUrl);

    const readyUrls = new Map<string, string>([['gateway', `${statusUrl}/status`], ...SERVICE_CATALOG.map((s): [string, string] => [s.app, `${services[s.name].baseUrl}/health/ready`])]);
    const controls = new Map(
      [...readyUrls].map(([name, readyUrl]): [string, ProcessControls] => [
        name,
        { restart: () => this.restart(name, readyUrl), stop: () => this.stopOne(name), start: () => this.startOne(name, readyUrl) },
      ]),
    );
    const control = await startFaultControlServer(this.proxies, controls);
    this.control = control.server;

    const info: E2eStackInfo = {
      runId: this.runId,
      root: this.root,
      logDir: this.logDir,
      kongConfigPath,
      controlUrl: control.url,
      faultNames: [...this.proxies.keys()],
      redisUrl: this.infrastructure.redisUrl,
      redisKeyPrefix: run.redisKeyPrefix,
      gateway: { proxyUrl: `http://127.0.0.1:${proxyPort}`, statusUrl, logFile: gatewayLog, redisKeyPrefix: gatewayRedisKeyPrefix },
      jwtKeysDir: run.jwtKeysDir,
      services,
      smtpUrl: this.mailbox.url,
      mailDir,
    };
    const stackFile = path.join(this.logDir, 'stack.json');
    writeFileSync(stackFile, `${JSON.stringify(info, null, 2)}\n`);
    process.env[STACK_FILE_VARIABLE] = stackFile;
    log(`stack ready (run ${this.runId}); logs in ${path.relative(this.root, this.logDir)}/`);
  }

  /** SIGTERM to everything (gateway first), proxies and control closed, per-run resources dropped. */
  async stop(): Promise<void> {
    const errors: unknown[] = [];
    const gateway = this.processes.get('gateway');
    if (gateway) await stopProcess(gateway.process, { timeoutMs: 10_000 });
    await Promise.all([...this.processes.values()].map(({ process }) => stopProcess(process, { timeoutMs: 15_000 })));
    this.processes.clear();
    await Promise.all([...this.proxies.values()].map((p) => p.close()));
    this.proxies.clear();
    if (this.control) {
      this.control.closeAllConnections();
      await new Promise((resolve) => this.control!.close(resolve));
    }
    await this.mailbox?.stop();
    await destroyTestRun(this.runId, this.infrastructure).catch((error: unknown) => errors.push(error));
    if (errors.length > 0) throw errors[0];
  }

  private proxy(name: string): FaultProxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw new Error(`no fault proxy ${name}`);
    return proxy;
  }

  private launch(name: string, spawn: () => ManagedProcess): void {
    this.processes.set(name, { process: spawn(), spawn });
  }

  private async restart(name: string, readyUrl: string): Promise<void> {
    const entry = this.processes.get(name);
    if (!entry) throw new Error(`no process ${name}`);
    const code = await stopProcess(entry.process, { timeoutMs: 10_000 });
    if (code !== 0) throw new Error(`${name} exited with ${code} on SIGTERM`);
    entry.process = entry.spawn();
    await this.waitReady(name, readyUrl);
  }

  /** SIGTERM to one process, which stays down until startOne (a service's queues keep its events meanwhile). */
  private async stopOne(name: string): Promise<void> {
    const entry = this.processes.get(name);
    if (!entry) throw new Error(`no process ${name}`);
    const code = await stopProcess(entry.process, { timeoutMs: 10_000 });
    if (code !== 0) throw new Error(`${name} exited with ${code} on SIGTERM`);
    entry.stopped = true;
  }

  /** Starts a process stopped by stopOne again, with the same settings; resolves once it is ready. */
  private async startOne(name: string, readyUrl: string): Promise<void> {
    const entry = this.processes.get(name);
    if (!entry) throw new Error(`no process ${name}`);
    if (!entry.stopped) throw new Error(`${name} is running: stop it first`);
    entry.process = entry.spawn();
    entry.stopped = false;
    await this.waitReady(name, readyUrl);
    // the gateway's active checks marked it unhealthy while it was down: later requests need it back in the ring
    if (name !== 'gateway' && this.statusUrl) await this.waitGatewayTargetsHealthy(this.statusUrl);
  }

  private async waitReady(name: string, url: string): Promise<void> {
    const entry = this.processes.get(name);
    await waitForHttp(url, { process: entry?.process, timeoutMs: READY_TIMEOUT_MS });
  }

  /**
   * The gateway's active health checks start with it and mark a service still booting unhealthy ("2 TCP failures");
   * until its healthy checks bring the target back, requests answer 503 "failure to get a peer from the ring-balancer".
   * The specs start once no target is unhealthy (kong_upstream_target_health on the status listener's /metrics).
   */
  private async waitGatewayTargetsHealthy(statusUrl: string): Promise<void> {
    await waitFor(
      async () => {
        const metrics = await (await fetch(`${statusUrl}/metrics`)).text();
        const states = metrics.split('\n').filter((line) => line.startsWith('kong_upstream_target_health{') && line.endsWith(' 1'));
        return states.length > 0 && states.every((line) => !line.includes('state="unhealthy"'));
      },
      { description: "the gateway's upstream targets healthy", timeoutMs: READY_TIMEOUT_MS, intervalMs: 250 },
    );
  }

  private async migrate(service: ServiceDescriptor, databaseUrl: string): Promise<void> {
    const migration = this.node(
      `${service.name}-migrate`,
      path.join('dist/apps', service.app, 'src/migrate.js'),
      { DATABASE_URL: databaseUrl, NODE_ENV: 'test' },
      path.join(this.logDir, `${service.name}-migrate.log`),
    );
    const status = await migration.exited;
    if (status.code !== 0) {
      throw new Error(`migrations of ${service.app} failed (${status.signal ?? `code ${status.code}`}):\n${migration.lastLines(30).join('\n')}`);
    }
  }

  private node(name: string, script: string, env: Record<string, string>, logFile: string): ManagedProcess {
    return startProcess({
      name,
      command: process.execPath,
      args: ['--enable-source-maps', path.join(this.root, script)],
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd: this.root,
      logFile,
      prefixOutput: false,
    });
  }

  private assertBuilt(): void {
    const entries = [...SERVICE_CATALOG.flatMap((s) => [`${s.app}/src/main.js`, `${s.app}/src/migrate.js`]), 'gateway/src/main.js'];
    const missing = entries.map((e) => path.join(this.root, 'dist/apps', e)).filter((e) => !existsSync(e));
    if (missing.length > 0) {
      throw new Error(`e2e needs the build: ${missing.map((m) => path.relative(this.root, m)).join(', ')} missing; run \`npm run test:e2e\` (it builds first)`);
    }
  }
}

/** Keeps the newest `keep` tmp/e2e-* log folders. */
function pruneOldLogDirs(tmpDir: string, keep: number): void {
  const dirs = readdirSync(tmpDir)
    .filter((d) => /^e2e-[0-9a-f]{8}$/.test(d))
    .map((d) => ({ dir: path.join(tmpDir, d), mtime: statSync(path.join(tmpDir, d)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { dir } of dirs.slice(keep)) rmSync(dir, { recursive: true, force: true });
}
