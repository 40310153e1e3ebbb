import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { brokerUserName } from '@taskhub/platform-messaging';
import { interpolate, parseEnvFile, readCompose, runComposeEnv } from './compose-file';

/** docker-compose.yml's broker (docs/security.md, "the broker"): management on localhost, one user per service. */
describe('docker-compose broker users', () => {
  const compose = readCompose();
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'taskhub-compose-broker-'));
    runComposeEnv(path.join(dir, '.env'));
    env = parseEnvFile(readFileSync(path.join(dir, '.env'), 'utf8'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("should publish RabbitMQ's management port on 127.0.0.1 only, and no other broker port", () => {
    const ports = (compose.services.rabbitmq as { ports?: string[] }).ports ?? [];

    expect(ports).toEqual(['127.0.0.1:15672:15672']);
  });

  it.each(SERVICE_CATALOG.map((s) => [s.app, s] as const))('should connect %s to the broker as its own user, with its own password', (app, service) => {
    const rendered = interpolate(compose, env);
    const url = new URL(rendered.services[app]?.environment?.RABBITMQ_URL ?? '');
    const others = SERVICE_CATALOG.filter((s) => s.name !== service.name).map((s) => new URL(rendered.services[s.app]?.environment?.RABBITMQ_URL ?? ''));
    const admin = rendered.services.rabbitmq?.environment ?? {};

    expect(decodeURIComponent(url.username)).toBe(brokerUserName(service.name));
    expect(url.username).not.toBe(admin.RABBITMQ_DEFAULT_USER);
    expect(url.password.length).toBeGreaterThanOrEqual(32);
    expect(others.map((o) => o.password)).not.toContain(url.password);
  });

  it('should create the service users before any service starts, as the admin, with the passwords the services connect with', () => {
    const rendered = interpolate(compose, env);
    const oneShot = rendered.services['broker-users'];
    const admin = rendered.services.rabbitmq?.environment ?? {};

    expect(oneShot?.depends_on?.rabbitmq).toEqual({ condition: 'service_healthy' });
    expect([oneShot?.environment?.RABBITMQ_ADMIN_USER, oneShot?.environment?.RABBITMQ_ADMIN_PASSWORD]).toEqual([admin.RABBITMQ_DEFAULT_USER, admin.RABBITMQ_DEFAULT_PASS]);
    for (const service of SERVICE_CATALOG) {
      expect(rendered.services[service.app]?.depends_on?.['broker-users']).toEqual({ condition: 'service_completed_successfully' });
      const password = new URL(rendered.services[service.app]?.environment?.RABBITMQ_URL ?? '').password;
      expect(oneShot?.environment?.[`TASKHUB_${service.name.toUpperCase()}_RABBITMQ_PASSWORD`]).toBe(decodeURIComponent(password));
    }
  });
});
