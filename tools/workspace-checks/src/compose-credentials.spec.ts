import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BaseServiceConfig,
  DEVELOPMENT_PASSWORDS,
  loadServiceConfig,
  PUBLISHED_DEVELOPMENT_SECRETS,
  SERVICE_CATALOG,
  type ServiceName,
} from '@taskhub/platform-config';
import { interpolate, interpolations, parseEnvFile, readCompose, root, runComposeEnv, stringsOf } from './compose-file';

/** How docker-compose.yml interpolates a credential: required, and the error says how to make the .env. */
const REQUIRED = ':?run npm run compose:env';
/** The variables of compose's services that hold a password or a secret. */
const CREDENTIALS = ['POSTGRES_PASSWORD', 'RABBITMQ_DEFAULT_PASS', 'DATABASE_URL', 'RABBITMQ_URL', 'CURSOR_SIGNING_SECRET', 'WEBHOOK_SECRET_ENCRYPTION_KEY', 'AUTH_DEVICE_COOKIE_SECRET'];

/** The runtime contract of one service, as its config class loads it (the services' own classes are apps'). */
const contractOf = (name: ServiceName) =>
  class extends BaseServiceConfig {
    static readonly service = name;
  };

describe('docker-compose credentials', () => {
  const compose = readCompose();
  const text = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
  let dir: string;
  let envFile: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'taskhub-compose-env-'));
    envFile = path.join(dir, '.env');
    runComposeEnv(envFile);
    env = parseEnvFile(readFileSync(envFile, 'utf8'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should write the .env with fresh random values, readable by its owner alone', () => {
    const other = path.join(dir, 'other.env');
    runComposeEnv(other);
    const again = parseEnvFile(readFileSync(other, 'utf8'));

    expect(Object.keys(again)).toEqual(Object.keys(env));
    for (const [name, value] of Object.entries(env)) {
      if (name.endsWith('_USER')) continue; // a user name, not a secret
      expect({ name, length: value.length, fresh: value !== again[name] }).toEqual({ name, length: value.length, fresh: true });
      expect(value.length).toBeGreaterThanOrEqual(32);
    }
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
  });

  it('should never change a value already in the .env, and add only the variables it lacks', () => {
    const before = readFileSync(envFile, 'utf8');
    expect(runComposeEnv(envFile)).toContain('kept as it is');
    expect(readFileSync(envFile, 'utf8')).toBe(before);

    const partial = path.join(dir, 'partial.env');
    writeFileSync(partial, `COMPOSE_PROJECT_NAME=mine\nTASKHUB_POSTGRES_PASSWORD=chosen-by-hand\n`);
    expect(runComposeEnv(partial)).toContain('every other value kept');
    const completed = parseEnvFile(readFileSync(partial, 'utf8'));
    expect(Object.keys(completed).sort()).toEqual(['COMPOSE_PROJECT_NAME', ...Object.keys(env)].sort());
    expect([completed.COMPOSE_PROJECT_NAME, completed.TASKHUB_POSTGRES_PASSWORD]).toEqual(['mine', 'chosen-by-hand']);
  });

  it('should interpolate exactly the variables compose:env writes, each required with a pointer to it', () => {
    const used = interpolations(text);

    expect(used.filter((u) => u.modifier !== REQUIRED)).toEqual([]);
    expect([...new Set(used.map((u) => u.name))].sort()).toEqual(Object.keys(env).sort());
  });

  it('should hold no development credential: every password and secret comes from the .env', () => {
    const published = [...DEVELOPMENT_PASSWORDS, ...PUBLISHED_DEVELOPMENT_SECRETS];
    const found = stringsOf(compose).filter((s) => published.some((p) => s.includes(p)));
    const literal = Object.entries(compose.services).flatMap(([service, { environment = {} }]) =>
      Object.entries(environment)
        .filter(([name, value]) => (CREDENTIALS.includes(name) || name.endsWith('_DB_PASSWORD')) && interpolations(value).length === 0)
        .map(([name]) => `${service} ${name}`),
    );

    expect(found).toEqual([]);
    expect(literal).toEqual([]);
  });

  it.each(SERVICE_CATALOG.map((s) => [s.app, s.name] as const))(
    'should start %s and its migration with NODE_ENV=production: no development credential refused',
    (app, name) => {
      const rendered = interpolate(compose, env);
      const service = rendered.services[app]?.environment ?? {};
      const migration = rendered.services[`${name}-migrate`]?.environment ?? {};

      expect(service.NODE_ENV).toBe('production');
      expect(() => loadServiceConfig(contractOf(name), service)).not.toThrow();
      // the image's NODE_ENV (the Dockerfile's ENV) applies to the one-shot migration
      expect(() => loadServiceConfig(contractOf(name), { NODE_ENV: 'production', ...migration }, { credentialsUsed: ['DATABASE_URL'] })).not.toThrow();
    },
  );

  it('should give every service a cursor signing secret of its own', () => {
    const rendered = interpolate(compose, env);
    const services = SERVICE_CATALOG.map((s) => rendered.services[s.app]?.environment ?? {});

    expect(new Set(services.map((e) => e.CURSOR_SIGNING_SECRET)).size).toBe(SERVICE_CATALOG.length);
    expect(readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toMatch(/^ENV NODE_ENV=production\b/m);
  });

  describe('deploy/postgres/init-databases.sh', () => {
    const script = path.join(root, 'deploy/postgres/init-databases.sh');
    let runs = 0;
    /** Runs the script with a psql that records its arguments and input instead of connecting. */
    const runScript = (passwords: Record<string, string>): { status: number | null; stderr: string; calls: string[] } => {
      const bin = path.join(dir, 'bin');
      const log = path.join(dir, `psql-${++runs}.log`);
      mkdirSync(bin, { recursive: true });
      writeFileSync(path.join(bin, 'psql'), `#!/bin/sh\n{ printf '%s\\n' "--- $*"; cat; } >> "$PSQL_LOG"\n`);
      chmodSync(path.join(bin, 'psql'), 0o755);
      const result = spawnSync('bash', [script], {
        env: { PATH: `${bin}:${process.env.PATH}`, POSTGRES_USER: 'postgres', PSQL_LOG: log, ...passwords },
        encoding: 'utf8',
      });
      return { status: result.status, stderr: result.stderr, calls: readFileSync(log, 'utf8').split('--- ').slice(1) };
    };

    it('should create each role with the password its service connects with, passed to psql as a variable', () => {
      const rendered = interpolate(compose, env);
      const { status, calls } = runScript(rendered.services.postgres?.environment ?? {});

      expect(status).toBe(0);
      for (const service of SERVICE_CATALOG) {
        const password = new URL(rendered.services[service.app]?.environment?.DATABASE_URL ?? '').password;
        const call = calls.find((c) => c.includes(`CREATE ROLE ${service.database} LOGIN PASSWORD :'password';`));
        expect(call?.split('\n')[0].split(' ')).toContain(`password=${password}`);
      }
    });

    it('should refuse to create any role without its password, naming the variable', () => {
      const { TASKHUB_TASK_DB_PASSWORD: _missing, ...others } = interpolate(compose, env).services.postgres?.environment ?? {};
      const { status, stderr } = runScript(others);

      expect(status).toBe(1);
      expect(stderr).toContain('TASKHUB_TASK_DB_PASSWORD is not set (run npm run compose:env)');
    });
  });
});
