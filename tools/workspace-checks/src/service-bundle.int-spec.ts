import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { SERVICE_CATALOG, type ServiceDescriptor } from '@taskhub/platform-config';
import { createScratchDatabase, getFreePort, integrationEnv, type ScratchDatabase, serviceTestEnv, waitFor } from '@taskhub/platform-testing';
import { readCompose, root } from './compose-file';

const run = promisify(execFile);

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/** The source files (workspace-relative .ts) a bundle was made of, read from its source maps. */
function sourcesOf(bundleDir: string): string[] {
  return filesUnder(path.join(bundleDir, 'dist'))
    .filter((file) => file.endsWith('.js.map'))
    .flatMap((file) => {
      const map = JSON.parse(readFileSync(path.join(bundleDir, 'dist', file), 'utf8')) as { sources: string[] };
      return map.sources.map((source) => path.relative(root, path.resolve(path.dirname(path.join(bundleDir, 'dist', file)), source)));
    });
}

/** The Dockerfile's HEALTHCHECK command (exec form, continuation lines joined), as compose writes one: `["CMD", ...]`. */
function dockerfileHealthcheck(): string[] {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, '');
  const match = /^HEALTHCHECK .*?CMD (\[.*\])$/m.exec(dockerfile);
  if (!match) throw new Error('the Dockerfile has no HEALTHCHECK in exec form');
  return ['CMD', ...(JSON.parse(match[1]) as string[])];
}

/** Runs a health check's `["CMD", "node", ...]` here, as Docker would in the container; its exit status. */
function runHealthcheck(test: string[], port: number): number | null {
  expect(test.slice(0, 2)).toEqual(['CMD', 'node']);
  return spawnSync(process.execPath, test.slice(2), { env: { PATH: process.env.PATH ?? '', PORT: String(port) }, timeout: 10_000 }).status;
}

/** `tools/bundle.mjs <project>` into a new empty folder, then its packages from its pruned lock; the folder. */
async function installBundle(project: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), `taskhub-bundle-${project}-`));
  await run(process.execPath, [path.join(root, 'tools/bundle.mjs'), project, '--out', dir], { cwd: root });
  // from npm's cache when the workspace's own install filled it, else from the registry
  await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir });
  return dir;
}

/**
 * A service's image contents, made as the Dockerfile makes them: `tools/bundle.mjs <app>` into an empty folder, then
 * `npm ci --omit=dev` from its pruned lock; run from there (no workspace, no dist/ of the others, no dev packages).
 */
class BundledService {
  private process: ChildProcess | undefined;
  private output = '';
  baseUrl = '';
  /** the environment it was started with */
  runEnv: Record<string, string> = {};

  constructor(
    readonly descriptor: ServiceDescriptor,
    readonly dir: string,
  ) {}

  static async install(descriptor: ServiceDescriptor): Promise<BundledService> {
    return new BundledService(descriptor, await installBundle(descriptor.app));
  }

  /** The environment of the service in this run, nothing inherited from Jest's process but PATH. */
  env(database: ScratchDatabase, port: number): Record<string, string> {
    const env = serviceTestEnv(integrationEnv(), this.descriptor.name, { DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1' });
    return { PATH: process.env.PATH ?? '', ...env };
  }

  async migrate(env: Record<string, string>): Promise<void> {
    await run(process.execPath, [`dist/apps/${this.descriptor.app}/src/migrate.js`], { cwd: this.dir, env });
  }

  /** The TypeORM CLI from the bundle's node_modules on its data source (operations.md, "Roll back a migration"). */
  async typeorm(command: string): Promise<string> {
    const { stdout } = await run(
      process.execPath,
      ['node_modules/typeorm/cli.js', command, '-d', `dist/apps/${this.descriptor.app}/src/database/data-source.js`],
      { cwd: this.dir, env: this.runEnv },
    );
    return stdout;
  }

  /** `node .`, the image's command. */
  start(env: Record<string, string>): void {
    this.runEnv = env;
    this.baseUrl = `http://127.0.0.1:${env.PORT}`;
    this.process = spawn(process.execPath, ['.'], { cwd: this.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      this.output = `${this.output}${chunk.toString()}`.slice(-20_000);
    };
    this.process.stdout?.on('data', keep);
    this.process.stderr?.on('data', keep);
  }

  /** The answer to GET `route` once the service serves, with its log in the message if it never does. */
  async get(route: string): Promise<{ status: number; body: unknown }> {
    return waitFor(
      async () => {
        if (this.process?.exitCode !== null) throw new Error(`exited with ${this.process?.exitCode}: ${this.output}`);
        const response = await fetch(`${this.baseUrl}${route}`);
        return { status: response.status, body: await response.json() };
      },
      { description: `${this.descriptor.app} from its bundle to answer ${route}`, timeoutMs: 30_000, intervalMs: 250 },
    );
  }

  /**
   * SIGTERM, and SIGKILL if it has not exited within 10 s; its exit code (null when killed). The folder stays (another
   * process of the bundle may use it).
   */
  async stop(): Promise<number | null> {
    const child = this.process;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    return child?.exitCode ?? null;
  }

  async close(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Every service: auth (argon2: a native addon), user, task (pg-cursor for its exports), notification (nodemailer,
 * handlebars); each loads OpenTelemetry, swagger-ui and pino from its own node_modules. The installs run at once (each
 * takes 20-50 s on a busy machine; together they mostly wait on the same npm cache).
 */
const BUNDLED = SERVICE_CATALOG;
/** per test: the first ones run while six processes of the bundles are still starting */
const TEST_TIMEOUT_MS = 90_000;
/** The worker processes (PROCESS_ROLE=worker) each image can run besides its API: the same bundle, another role. */
const WORKER_ROLES = ['notification', 'task'] as const;

describe('service bundles (the images’ contents)', () => {
  const services = new Map<string, BundledService>();
  /** a second process of each bundle in WORKER_ROLES, on the same database: PROCESS_ROLE=worker */
  const workers = new Map<string, BundledService>();
  const databases: ScratchDatabase[] = [];
  /** the gateway image's bundle: the one-shots of compose and Kubernetes, no server */
  let gatewayDir = '';

  beforeAll(async () => {
    if (!existsSync(path.join(root, 'dist/apps'))) throw new Error('dist/ is missing: run `node tools/build.mjs` (npm run test:int does)');
    const [installed, gateway] = await Promise.all([Promise.all(BUNDLED.map((descriptor) => BundledService.install(descriptor))), installBundle('gateway')]);
    gatewayDir = gateway;
    for (const service of installed) services.set(service.descriptor.name, service);
    await Promise.all(
      [...services.values()].map(async (service) => {
        const database = await createScratchDatabase(`bundle_${service.descriptor.name}`);
        databases.push(database);
        const env = service.env(database, await getFreePort());
        await service.migrate(env);
        service.start(env);
        if (!(WORKER_ROLES as readonly string[]).includes(service.descriptor.name)) return;
        const worker = new BundledService(service.descriptor, service.dir);
        worker.start({ ...service.env(database, await getFreePort()), PROCESS_ROLE: 'worker' });
        workers.set(service.descriptor.name, worker);
      }),
    );
  }, 400_000);

  // five bundles' node_modules to delete (about 180 MB each, at once) on a disk other runs share
  afterAll(async () => {
    await Promise.all([...workers.values()].map((w) => w.stop()));
    await Promise.all([...services.values()].map((s) => s.close()));
    await Promise.all(databases.map((d) => d.drop()));
    if (gatewayDir) await rm(gatewayDir, { recursive: true, force: true });
  }, 180_000);

  it("should run the gateway image's one-shots from its bundle: Kong's file with the run's public keys, the Redis ACL file", async () => {
    const out = path.join(gatewayDir, 'out');
    const env = { PATH: process.env.PATH ?? '' };
    const redisPasswords = Object.fromEntries(
      ['REDIS_ADMIN', 'AUTH_REDIS', 'USER_REDIS', 'TASK_REDIS', 'NOTIFICATION_REDIS', 'GATEWAY_REDIS'].map((name) => [`TASKHUB_${name}_PASSWORD`, randomUUID()]),
    );
    const kid = readdirSync(integrationEnv().jwtKeysDir).find((f) => f.endsWith('.public.pem'))?.replace(/\.public\.pem$/, '');
    const node = (args: string[], extra: Record<string, string> = {}) => run(process.execPath, args, { cwd: gatewayDir, env: { ...env, ...extra } });

    await node(['dist/apps/gateway/src/render-kong-config.js', '--config', path.join(root, 'kong/kong.yml'), '--public-keys', integrationEnv().jwtKeysDir, '--out', `${out}-kong.yml`]);
    await node(['dist/tools/redis-provision/src/main.js', '--acl-file', `${out}-users.acl`], redisPasswords);

    expect(kid).toBeDefined();
    expect(readFileSync(`${out}-kong.yml`, 'utf8')).toContain(kid);
    expect(readFileSync(`${out}-users.acl`, 'utf8')).toMatch(/^user taskhub_gateway on /m);
    expect(sourcesOf(gatewayDir).filter((source) => source.startsWith('apps/') && !source.startsWith('apps/gateway/'))).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it.each(BUNDLED.map((s) => [s.app, s.name] as const))('should serve %s from its bundle alone: /health/live answers 200', async (_app, name) => {
    const live = await services.get(name)!.get('/health/live');

    expect(live.status).toBe(200);
  }, TEST_TIMEOUT_MS);

  it.each(WORKER_ROLES.map((name) => [name] as const))('should run the %s image as a worker (PROCESS_ROLE=worker): its probes answer 200, its API 404', async (name) => {
    const worker = workers.get(name)!;
    const live = await worker.get('/health/live');
    const ready = await waitFor(async () => {
      const answer = await worker.get('/health/ready');
      return answer.status === 200 ? answer : undefined;
    }, { description: `the ${name} worker to be ready`, timeoutMs: 20_000 });
    const api = await worker.get('/api/v1/openapi-or-anything');

    expect([live.status, ready.status]).toEqual([200, 200]);
    expect(api).toMatchObject({ status: 404, body: { code: 'ROUTE.NOT_FOUND' } });
  }, TEST_TIMEOUT_MS);

  it.each(BUNDLED.map((s) => [s.app, s.name] as const))('should reach its database, Redis and RabbitMQ from the bundle (%s: /health/ready)', async (_app, name) => {
    const service = services.get(name)!;
    const ready = await waitFor(async () => {
      const answer = await service.get('/health/ready');
      return answer.status === 200 ? answer : undefined;
    }, { description: `${name} to be ready`, timeoutMs: 20_000 });

    expect(ready.body).toMatchObject({ status: 'ok' });
  }, TEST_TIMEOUT_MS);

  it.each(BUNDLED.map((s) => [s.app, s.name] as const))("should pass the image's HEALTHCHECK and compose's health check (%s), which fail on a closed port", async (_app, name) => {
    const service = services.get(name)!;
    await service.get('/health/live');
    const port = Number(new URL(service.baseUrl).port);
    const compose = readCompose().services[service.descriptor.app] as { healthcheck?: { test: string[] } };
    const closed = await getFreePort();

    expect(runHealthcheck(dockerfileHealthcheck(), port)).toBe(0);
    expect(runHealthcheck(compose.healthcheck?.test ?? [], port)).toBe(0);
    expect(runHealthcheck(dockerfileHealthcheck(), closed)).toBe(1);
    expect(runHealthcheck(compose.healthcheck?.test ?? [], closed)).toBe(1);
  }, TEST_TIMEOUT_MS);

  it.each(BUNDLED.map((s) => [s.app, s.name] as const))("should run the TypeORM CLI on the bundle's data source (%s: every migration applied)", async (_app, name) => {
    const shown = await services.get(name)!.typeorm('migration:show');

    expect(shown).toMatch(/\[X\] 1 /);
    expect(shown).not.toContain('[ ]');
  }, TEST_TIMEOUT_MS);

  it.each(BUNDLED.map((s) => [s.app, s] as const))('should hold only its own code: no file of another service in %s', (_app, descriptor) => {
    const service = services.get(descriptor.name)!;
    const sources = sourcesOf(service.dir);
    const others = SERVICE_CATALOG.filter((s) => s.name !== descriptor.name).map((s) => `apps/${s.app}/`);

    expect(sources.filter((source) => source.startsWith(`apps/${descriptor.app}/src/`)).length).toBeGreaterThan(10);
    expect(sources.filter((source) => others.some((other) => source.startsWith(other)) || source.startsWith('apps/gateway/'))).toEqual([]);
    expect(filesUnder(service.dir).filter((file) => !file.startsWith('node_modules/') && !file.startsWith(`dist/apps/${descriptor.app}/src/`))).toEqual([
      'package-lock.json',
      'package.json',
    ]);
  });

  it('should install only the packages its code needs: argon2 for auth alone, nodemailer for notification alone, no dev tools', () => {
    const installed = (name: string): string[] => Object.keys((JSON.parse(readFileSync(path.join(services.get(name)!.dir, 'package.json'), 'utf8')) as { dependencies: object }).dependencies);

    expect(installed('auth')).toContain('argon2');
    expect(installed('notification')).not.toContain('argon2');
    expect(installed('notification')).toContain('nodemailer');
    expect(installed('auth')).not.toContain('nodemailer');
    for (const name of ['auth', 'notification']) {
      const modules = readdirSync(path.join(services.get(name)!.dir, 'node_modules'));
      expect(modules.filter((m) => ['jest', 'typescript', 'esbuild', 'nx', '@swc', 'eslint'].includes(m))).toEqual([]);
    }
  });

  it("should hash passwords with argon2's native addon in the auth bundle (a registration is accepted)", async () => {
    const auth = services.get('auth')!;
    const email = `ada-${Date.now()}@example.com`;
    const response = await fetch(`${auth.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: `Kx-${randomUUID()}`, displayName: 'Ada Lovelace' }),
    });

    // accepted once the password is hashed and the account stored (a failing addon answers 500)
    expect({ status: response.status, body: await response.json() }).toMatchObject({ status: 202, body: { status: 'accepted' } });
  }, TEST_TIMEOUT_MS);

  // last: it ends the workers
  it.each(WORKER_ROLES.map((name) => [name] as const))('should drain the %s worker on SIGTERM and exit 0', async (name) => {
    expect(await workers.get(name)!.stop()).toBe(0);
  }, TEST_TIMEOUT_MS);
});
