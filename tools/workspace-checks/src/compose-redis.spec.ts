import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { redisUserName } from '@taskhub/platform-redis';
import { interpolate, parseEnvFile, readCompose, runComposeEnv } from './compose-file';

/** docker-compose.yml's Redis (docs/security.md, "Redis users"): the ACL file of redis-acl, one user per service. */
describe('docker-compose Redis users', () => {
  const compose = readCompose();
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'taskhub-compose-redis-'));
    runComposeEnv(path.join(dir, '.env'));
    env = parseEnvFile(readFileSync(path.join(dir, '.env'), 'utf8'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should start Redis with the ACL file the one-shot redis-acl writes, and nothing without it', () => {
    const rendered = interpolate(compose, env);
    const redis = rendered.services.redis;
    const oneShot = rendered.services['redis-acl'];

    expect(redis?.command).toEqual(['redis-server', '--save', '', '--appendonly', 'no', '--aclfile', '/acl/users.acl']);
    expect(redis?.volumes).toEqual(['redis-acl:/acl:ro']);
    expect(redis?.depends_on?.['redis-acl']).toEqual({ condition: 'service_completed_successfully' });
    expect(oneShot?.command).toEqual(['node', 'dist/tools/redis-provision/src/main.js', '--acl-file', '/acl/users.acl']);
    expect(oneShot?.volumes).toEqual(['redis-acl:/acl']);
  });

  it.each(SERVICE_CATALOG.map((s) => [s.app, s] as const))('should connect %s to Redis as its own user, with the password of the ACL file', (app, service) => {
    const rendered = interpolate(compose, env);
    const url = new URL(rendered.services[app]?.environment?.REDIS_URL ?? '');
    const others = SERVICE_CATALOG.filter((s) => s.name !== service.name).map((s) => new URL(rendered.services[s.app]?.environment?.REDIS_URL ?? '').password);

    expect(decodeURIComponent(url.username)).toBe(redisUserName(service.name));
    expect(url.password.length).toBeGreaterThanOrEqual(32);
    expect(others).not.toContain(url.password);
    expect(rendered.services['redis-acl']?.environment?.[`TASKHUB_${service.name.toUpperCase()}_REDIS_PASSWORD`]).toBe(decodeURIComponent(url.password));
    expect(rendered.services[app]?.depends_on?.redis).toEqual({ condition: 'service_healthy' });
  });

  it("should give Kong the gateway's user through the variables kong.yml's vault references read, after Redis is healthy", () => {
    const rendered = interpolate(compose, env);
    const kong = rendered.services.kong;

    expect(kong?.environment?.TASKHUB_GATEWAY_REDIS_USER).toBe(redisUserName('gateway'));
    expect(kong?.environment?.TASKHUB_GATEWAY_REDIS_PASSWORD).toBe(rendered.services['redis-acl']?.environment?.TASKHUB_GATEWAY_REDIS_PASSWORD);
    expect(kong?.depends_on?.redis).toEqual({ condition: 'service_healthy' });
    expect(readFileSync(path.join(__dirname, '../../../kong/kong.yml'), 'utf8')).toContain('password: "{vault://env/taskhub-gateway-redis-password}"');
  });
});
