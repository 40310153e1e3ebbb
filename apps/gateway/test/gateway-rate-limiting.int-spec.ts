import { randomBytes } from 'node:crypto';
import { FaultProxy, integrationEnv, waitFor } from '@taskhub/platform-testing';
import { RateLimitingPlugin } from '../src/plugins/rate-limiting.plugin';
import { redisAddress, startGateway, writeTempConfig, type StartedGateway } from './support/gateway-harness';
import { StubUpstream } from './support/stub-upstream';
import { rateLimit, testConfig } from './support/test-config';

/** Counters live in fixed UTC minutes: start a sequence only with enough of the current minute left. */
async function withinOneMinuteWindow(): Promise<void> {
  const leftMs = 60_000 - (Date.now() % 60_000);
  if (leftMs < 15_000) await new Promise((resolve) => setTimeout(resolve, leftMs + 50));
}

describe(RateLimitingPlugin.name, () => {
  const env = integrationEnv();
  let upstream: StubUpstream;
  const started: StartedGateway[] = [];
  const start = async (plugins: object[], redis: string, prefix: string): Promise<StartedGateway> => {
    const gw = await startGateway(writeTempConfig(testConfig({ plugins })), {
      GATEWAY_CONNECT_TO: `task-service:3003=127.0.0.1:${upstream.port},redis:6379=${redis}`,
      GATEWAY_REDIS_KEY_PREFIX: prefix,
    });
    started.push(gw);
    return gw;
  };
  const uniquePrefix = (): string => `${env.redisKeyPrefix}gateway-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    upstream = await StubUpstream.start('task-a');
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((gw) => gw.close()));
  });

  afterAll(async () => {
    await upstream.close();
  });

  it("should refuse the request over the minute limit with Kong's 429, headers and Retry-After, counting across a restart", async () => {
    await withinOneMinuteWindow();
    const prefix = uniquePrefix();
    const first = await start([rateLimit(5)], redisAddress(env.redisUrl), prefix);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${first.url}/api/v1/tasks`);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('5');
      expect(res.headers.get('x-ratelimit-limit-minute')).toBe('5');
      remaining.push(res.headers.get('x-ratelimit-remaining-minute')!);
    }
    expect(remaining).toEqual(['4', '3', '2']);
    await first.close();
    started.splice(0);

    const second = await start([rateLimit(5)], redisAddress(env.redisUrl), prefix);
    for (const expected of ['1', '0']) {
      const res = await fetch(`${second.url}/api/v1/tasks`);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-remaining')).toBe(expected);
    }
    const refused = await fetch(`${second.url}/api/v1/tasks`);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ message: 'API rate limit exceeded' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit-reset')).toBe(String(retryAfter));
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('x-ratelimit-remaining-minute')).toBe('0');
  }, 30_000);

  it('should proxy without limiting and log an error while Redis is unreachable, when fault_tolerant is true', async () => {
    const { hostname, port } = new URL(env.redisUrl);
    const proxy = await FaultProxy.start({ target: { host: hostname, port: Number(port || 6379) } });
    try {
      const gw = await start([rateLimit(1000, true)], `127.0.0.1:${proxy.port}`, uniquePrefix());
      await waitFor(async () => (await fetch(`${gw.url}/api/v1/tasks`)).headers.get('ratelimit-limit') === '1000', { description: 'rate limiting through the fault proxy' });
      proxy.cut();
      const res = await fetch(`${gw.url}/api/v1/tasks`);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
      expect(gw.logs.lines.some((l) => l.level === 'error' && String(l.msg).includes('rate limiting'))).toBe(true);
      proxy.restore();
      await waitFor(async () => (await fetch(`${gw.url}/api/v1/tasks`)).headers.get('ratelimit-limit') === '1000', {
        description: 'rate limiting again once Redis is back',
      });
    } finally {
      await proxy.close();
    }
  });

  it("should answer Kong's 500 while Redis is unreachable, when fault_tolerant is false", async () => {
    const { hostname, port } = new URL(env.redisUrl);
    const proxy = await FaultProxy.start({ target: { host: hostname, port: Number(port || 6379) } });
    try {
      const gw = await start([rateLimit(1000, false)], `127.0.0.1:${proxy.port}`, uniquePrefix());
      await waitFor(async () => (await fetch(`${gw.url}/api/v1/tasks`)).status === 200, { description: 'rate limiting through the fault proxy' });
      proxy.cut();
      const res = await fetch(`${gw.url}/api/v1/tasks`);
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ message: 'An unexpected error occurred' });
    } finally {
      await proxy.close();
    }
  });
});
