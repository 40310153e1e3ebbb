import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { parseEnvFile, root, runComposeEnv } from './compose-file';

interface ResolvedService {
  image?: string;
  build?: { args?: Record<string, string> };
  restart?: string;
  profiles?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

/** `docker-compose config` (Debian's docker-compose, v1: resolves and validates a file without an engine). */
function composeConfig(envFile: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('docker-compose', ['--file', path.join(root, 'docker-compose.yml'), '--env-file', envFile, 'config'], {
    encoding: 'utf8',
    cwd: root,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('docker-compose is not installed: `apt-get install docker-compose` (Debian; .ci/run installs it when missing)');
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Not held to a health check here: the observability part (Jaeger and the `observability` profile: Prometheus, Grafana,
 * exporters), which nothing waits for.
 */
const isObservability = (name: string, service: ResolvedService): boolean => name === 'jaeger' || (service.profiles ?? []).includes('observability');

/** The one-shots: they run to completion (restart "no") and others wait for service_completed_successfully. */
const isOneShot = (service: ResolvedService): boolean => service.restart === 'no';

/** docker-compose.yml as docker-compose itself resolves it, with the .env `npm run compose:env` writes. */
describe('docker-compose config', () => {
  let dir: string;
  let envFile: string;
  let services: Record<string, ResolvedService>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'taskhub-compose-config-'));
    envFile = path.join(dir, '.env');
    runComposeEnv(envFile);
    const { status, stdout, stderr } = composeConfig(envFile);
    if (status !== 0) throw new Error(`docker-compose config failed (${status}):\n${stderr}`);
    services = (parse(stdout) as { services: Record<string, ResolvedService> }).services;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should refuse the file without a variable of the .env, naming the command that writes it', () => {
    const env = parseEnvFile(readFileSync(envFile, 'utf8'));
    const partial = path.join(dir, 'partial.env');
    writeFileSync(partial, Object.entries(env).filter(([name]) => name !== 'TASKHUB_TASK_DB_PASSWORD').map(([n, v]) => `${n}=${v}\n`).join(''));

    const { status, stderr } = composeConfig(partial);

    expect(status).not.toBe(0);
    expect(stderr).toContain('run npm run compose:env');
  });

  it('should give every long-running service of the stack a health check', () => {
    const unchecked = Object.entries(services)
      .filter(([name, service]) => !isOneShot(service) && !isObservability(name, service) && service.healthcheck === undefined)
      .map(([name]) => name);

    expect(unchecked).toEqual([]);
  });

  it.each(SERVICE_CATALOG.map((s) => [s.app, s.name] as const))('should check %s ready with node on /health/ready (no curl in the image)', (app) => {
    const test = services[app]?.healthcheck?.test ?? [];

    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(test[3]).toContain("path:'/health/ready'");
  });

  it.each(SERVICE_CATALOG.map((s) => [s.app, s.name] as const))('should start %s after its migration, from its own image', (app, name) => {
    const migration = services[`${name}-migrate`];

    expect(services[app]?.depends_on?.[`${name}-migrate`]).toEqual({ condition: 'service_completed_successfully' });
    expect(migration && isOneShot(migration)).toBe(true);
    expect([migration?.build?.args?.APP, services[app]?.build?.args?.APP]).toEqual([app, app]);
    expect(migration?.depends_on?.postgres).toEqual({ condition: 'service_healthy' });
  });

  it('should start Kong once every service it routes to is ready', () => {
    const kong = services.kong?.depends_on ?? {};

    for (const service of SERVICE_CATALOG) expect({ [service.app]: kong[service.app] }).toEqual({ [service.app]: { condition: 'service_healthy' } });
  });

  it('should wait only on health checks that exist, and on one-shots only to complete', () => {
    const waits = Object.entries(services).flatMap(([name, service]) =>
      Object.entries(service.depends_on ?? {}).map(([dependency, { condition }]) => ({ name, dependency, condition })),
    );
    const wrong = waits.filter(({ dependency, condition }) => {
      const target = services[dependency];
      if (!target) return true;
      return isOneShot(target) ? condition !== 'service_completed_successfully' : condition === 'service_healthy' && !target.healthcheck;
    });

    expect(wrong).toEqual([]);
  });
});
