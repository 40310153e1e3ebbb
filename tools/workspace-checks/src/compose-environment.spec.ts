import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { envVarsOf, loadServiceConfig, SERVICE_CATALOG, type ServiceConfigClass, type ServiceName } from '@taskhub/platform-config';
import { tracingSettingsFromEnv } from '@taskhub/platform-tracing';
// A deployment check reads what each program reads: a service's config class, a one-shot's argument parser. Apps and
// tools expose no library entry point, and this spec is the one place outside them that needs these (for the @EnvVar
// variables and production rules, and the variables each one-shot requires).
/* eslint-disable @nx/enforce-module-boundaries */
import { AuthServiceConfig } from '../../../apps/auth-service/src/config/auth.config';
import { readGatewayEnv } from '../../../apps/gateway/src/config/gateway-env';
import { resolveVaultReference } from '../../../apps/gateway/src/config/vault-reference';
import { NotificationServiceConfig } from '../../../apps/notification-service/src/config/notification.config';
import { TaskServiceConfig } from '../../../apps/task-service/src/config/task.config';
import { UserServiceConfig } from '../../../apps/user-service/src/config/user.config';
import { parseProvisionArgs } from '../../broker-provision/src/provision-args';
import { parseRedisProvisionArgs } from '../../redis-provision/src/provision-args';
/* eslint-enable @nx/enforce-module-boundaries */
import { type ComposeService, interpolate, parseEnvFile, readCompose, root, runComposeEnv, stringsOf } from './compose-file';

const CONFIG_CLASSES: Record<ServiceName, ServiceConfigClass> = {
  auth: AuthServiceConfig,
  user: UserServiceConfig,
  task: TaskServiceConfig,
  notification: NotificationServiceConfig,
};

/** What each image runs (tools/bundle.mjs): paths under dist/ without `.js`, per Nx project. */
const BUNDLES = JSON.parse(readFileSync(path.join(root, 'tools/bundles.json'), 'utf8')) as Record<string, string[]>;

type Service = ComposeService & { ports?: string[]; build?: { args?: Record<string, string> } };

/** Every variable, port and program docker-compose.yml names is one the code reads, listens on or ships; and back. */
describe('docker-compose against the code', () => {
  const compose = readCompose();
  let dir: string;
  let services: Record<string, Service>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'taskhub-compose-code-'));
    runComposeEnv(path.join(dir, '.env'));
    services = interpolate(compose, parseEnvFile(readFileSync(path.join(dir, '.env'), 'utf8'))).services as Record<string, Service>;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe.each(SERVICE_CATALOG.map((s) => [s.app, s] as const))('%s', (app, descriptor) => {
    const configClass = CONFIG_CLASSES[descriptor.name];
    const read = new Set(envVarsOf(configClass).map((v) => v.name));

    it('should set only variables the service reads: its config class, or the OpenTelemetry SDK', () => {
      const environment = services[app]?.environment ?? {};
      const tracing = tracingSettingsFromEnv(app, environment);
      const unread = Object.keys(environment).filter((name) => !read.has(name) && !(name.startsWith('OTEL_') && tracing !== undefined));

      expect(unread).toEqual([]);
      expect(tracing?.tracesUrl).toBe(`${environment.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`);
    });

    it('should set every variable the service needs in production (the development default of each is refused)', () => {
      const environment = services[app]?.environment ?? {};
      // needed: without it (its development default instead), the production config does not load
      const needed = [...read].filter((name) => {
        const without: Record<string, string> = { ...environment, NODE_ENV: 'production' };
        delete without[name];
        try {
          loadServiceConfig(configClass, without);
          return false;
        } catch {
          return true;
        }
      });

      expect(environment.NODE_ENV).toBe('production');
      expect(() => loadServiceConfig(configClass, environment)).not.toThrow();
      expect(needed.filter((name) => environment[name] === undefined)).toEqual([]);
      expect(needed).toEqual(expect.arrayContaining(['DATABASE_URL', 'CURSOR_SIGNING_SECRET']));
    });

    it('should give its migration the database it serves from, and every variable the migration reads', () => {
      const migration = services[`${descriptor.name}-migrate`]?.environment ?? {};

      expect(Object.keys(migration).filter((name) => !read.has(name))).toEqual([]);
      expect(migration.DATABASE_URL).toBe(services[app]?.environment?.DATABASE_URL);
      expect(() => loadServiceConfig(configClass, { NODE_ENV: 'production', ...migration }, { credentialsUsed: ['DATABASE_URL'] })).not.toThrow();
    });

    it('should publish the port the service listens on, the one Kong routes to', () => {
      const listens = loadServiceConfig(configClass, services[app]?.environment ?? {}).port;
      const targets = (parse(readFileSync(path.join(root, 'kong/kong.yml'), 'utf8')) as { upstreams: { targets: { target: string }[] }[] }).upstreams.flatMap(
        (u) => u.targets.map((t) => t.target),
      );

      expect(services[app]?.ports).toEqual([`${listens}:${listens}`]);
      expect(targets).toContain(`${app}:${listens}`);
    });
  });

  it('should run only programs the image ships: every `node dist/<path>.js` in its image’s bundle, from a source that exists', () => {
    const programs = Object.entries(services).flatMap(([name, service]) => {
      const project = service.build?.args?.APP;
      return stringsOf(service.command ?? []).flatMap((part) => [...part.matchAll(/\bdist\/(\S+)\.js\b/g)].map((m) => ({ name, project, entry: m[1] })));
    });
    const unshipped = programs.filter(({ project, entry }) => !project || !BUNDLES[project]?.includes(entry) || !existsSync(path.join(root, `${entry}.ts`)));

    expect(programs.length).toBeGreaterThanOrEqual(8);
    expect(unshipped).toEqual([]);
  });

  it('should build every image of compose from an Nx project with a bundle target', () => {
    const projects = [...new Set(Object.values(services).flatMap((s) => (s.build ? [s.build.args?.APP ?? '(no APP)'] : [])))];
    const withoutTarget = projects.filter((project) => {
      const file = path.join(root, 'apps', project, 'project.json');
      return !existsSync(file) || (JSON.parse(readFileSync(file, 'utf8')) as { targets: Record<string, unknown> }).targets.bundle === undefined;
    });

    expect(withoutTarget).toEqual([]);
    expect(projects.sort()).toEqual(Object.keys(BUNDLES).sort());
  });

  it.each([
    ['broker-users', parseProvisionArgs],
    ['redis-acl', parseRedisProvisionArgs],
  ] as const)('should give the one-shot %s exactly the variables and arguments its program reads', (name, parse) => {
    const { command = [], environment = {} } = services[name] ?? {};
    const argv = command.slice(command.findIndex((part) => part.endsWith('.js')) + 1);
    const parsed = parse(argv, environment);
    // each variable is read: without it, the program refuses to run and names it
    const unread = Object.keys(environment).filter((variable) => {
      const without: Record<string, string> = { ...environment };
      delete without[variable];
      const result = parse(argv, without);
      return result.kind !== 'usage' || !result.error.includes(variable);
    });

    expect(parsed.kind).not.toBe('usage');
    expect(unread).toEqual([]);
  });

  it("should give Kong the variables kong.yml's vault references read, and listen where compose publishes", () => {
    const kong = services.kong?.environment ?? {};
    const references = stringsOf(parse(readFileSync(path.join(root, 'kong/kong.yml'), 'utf8'))).filter((s) => s.startsWith('{vault://env/'));
    const gateway = readGatewayEnv(kong);

    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(() => resolveVaultReference(reference, kong, 'kong.yml')).not.toThrow();
    expect(services.kong?.ports).toEqual([`${gateway.proxyListen.port}:${gateway.proxyListen.port}`, `${gateway.statusListen?.port}:${gateway.statusListen?.port}`]);
  });
});
