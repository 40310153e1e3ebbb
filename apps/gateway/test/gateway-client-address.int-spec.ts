import { randomBytes } from 'node:crypto';
import { integrationEnv } from '@taskhub/platform-testing';
import { redisAddress, startGateway, writeTempConfig, type StartedGateway } from './support/gateway-harness';
import { type EchoBody, StubUpstream } from './support/stub-upstream';
import { rateLimit, testConfig } from './support/test-config';

/** Counters live in fixed UTC minutes: start a sequence only with enough of the current minute left. */
async function withinOneMinuteWindow(): Promise<void> {
  const leftMs = 60_000 - (Date.now() % 60_000);
  if (leftMs < 15_000) await new Promise((resolve) => setTimeout(resolve, leftMs + 50));
}

const SPOOFED = { 'x-forwarded-for': '198.51.100.23', 'x-real-ip': '203.0.113.23', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' };

/**
 * Whom the gateway takes the client for (Kong's trusted_ips / real_ip_header / real_ip_recursive), what it tells the
 * upstream, and what its per-IP rate limit counts. The test client connects from 127.0.0.1.
 */
describe('gateway client address', () => {
  const env = integrationEnv();
  let upstream: StubUpstream;
  const started: StartedGateway[] = [];
  const start = async (extraEnv: Record<string, string>, plugins: object[] = []): Promise<StartedGateway> => {
    const gw = await startGateway(writeTempConfig(testConfig({ plugins })), {
      GATEWAY_CONNECT_TO: `task-service:3003=127.0.0.1:${upstream.port},redis:6379=${redisAddress(env.redisUrl)}`,
      GATEWAY_REDIS_KEY_PREFIX: `${env.redisKeyPrefix}gateway-${randomBytes(4).toString('hex')}:`,
      LOG_LEVEL: 'warn',
      ...extraEnv,
    });
    started.push(gw);
    return gw;
  };
  const echo = async (gw: StartedGateway, headers: Record<string, string>): Promise<EchoBody['headers']> => {
    const res = await fetch(`${gw.url}/api/v1/tasks/1`, { headers });
    expect(res.status).toBe(200);
    return ((await res.json()) as EchoBody).headers;
  };

  beforeAll(async () => {
    upstream = await StubUpstream.start('task-a');
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((gw) => gw.close()));
  });

  afterAll(async () => {
    await upstream.close();
  });

  it('should tell the upstream the address it saw, never one the client wrote, when no proxy is trusted (the default)', async () => {
    const gw = await start({});

    const seen = await echo(gw, SPOOFED);

    expect(seen).toMatchObject({ 'x-real-ip': '127.0.0.1', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-host': '127.0.0.1' });
  });

  it('should believe the address a trusted proxy names in real_ip_header, and pass its X-Forwarded-* on, as Kong', async () => {
    const gw = await start({ KONG_TRUSTED_IPS: '127.0.0.1, 10.0.0.0/8', KONG_REAL_IP_HEADER: 'X-Forwarded-For', KONG_REAL_IP_RECURSIVE: 'on' });

    const seen = await echo(gw, { ...SPOOFED, 'x-forwarded-for': '203.0.113.9, 10.0.0.2' });

    expect(seen).toMatchObject({
      'x-real-ip': '203.0.113.9',
      'x-forwarded-for': '203.0.113.9, 10.0.0.2, 127.0.0.1',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'evil.example',
    });
  });

  it('should count requests per address it saw: a client changing X-Forwarded-For still runs out', async () => {
    await withinOneMinuteWindow();
    const gw = await start({}, [rateLimit(3)]);

    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${gw.url}/api/v1/tasks/1`, { headers: { 'x-forwarded-for': `198.51.100.${i}`, 'x-real-ip': `198.51.100.${i}` } })).status);

    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it("should count the clients behind a trusted proxy apart, by the address the proxy names", async () => {
    await withinOneMinuteWindow();
    const gw = await start({ KONG_TRUSTED_IPS: '127.0.0.1' }, [rateLimit(3)]);

    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${gw.url}/api/v1/tasks/1`, { headers: { 'x-real-ip': `198.51.100.${i}` } })).status);

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it('should refuse to start on a trusted_ips entry it cannot read, naming it', async () => {
    await expect(start({ KONG_TRUSTED_IPS: '127.0.0.1, unix:' })).rejects.toThrow('KONG_TRUSTED_IPS: "unix:" is not an IP address or a CIDR range');
  });
});
