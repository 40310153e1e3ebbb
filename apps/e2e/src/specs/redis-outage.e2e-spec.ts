import { waitFor } from '@taskhub/platform-testing';
import { SERVICES, componentStatus, faults, toService, viaGateway, UNKNOWN_TASK_PATH } from '../support/e2e-client';

jest.setTimeout(90_000);

async function redisStatus(service: (typeof SERVICES)[number]): Promise<string | undefined> {
  const response = await toService(service, '/health', { timeoutMs: 5_000 });
  return componentStatus(response.json(), 'redis');
}

describe('Redis outage', () => {
  afterAll(async () => {
    await faults.restore('redis');
  });

  it('should report redis down within 5 s, stay ready, answer through the gateway with a quick 503 (sessions cannot be checked), then recover without restart', async () => {
    await faults.cut('redis');

    await Promise.all(
      SERVICES.map((service) =>
        waitFor(async () => (await redisStatus(service)) === 'down', {
          description: `${service} /health to report redis down`,
          timeoutMs: 5_000,
          intervalMs: 200,
        }),
      ),
    );
    for (const service of SERVICES) {
      expect((await toService(service, '/health/ready', { timeoutMs: 5_000 })).status).toBe(200);
    }
    // the gateway's rate limiting cannot reach Redis either: it fails open, and the request reaches the service, which
    // fails closed: it cannot tell whether the token's session has ended (ADR 0003), so a clear 503, at once
    for (let i = 0; i < 5; i++) {
      const response = await viaGateway(UNKNOWN_TASK_PATH, { timeoutMs: 5_000 });
      expect(response.status).toBe(503);
      expect(response.json()).toEqual(expect.objectContaining({ statusCode: 503, code: 'DEPENDENCY.UNAVAILABLE', message: 'the session store is unavailable, retry later' }));
    }

    await faults.restore('redis');

    await Promise.all(
      SERVICES.map((service) =>
        waitFor(async () => (await redisStatus(service)) === 'up', {
          description: `${service} /health to report redis up again`,
          timeoutMs: 20_000,
          intervalMs: 250,
        }),
      ),
    );
    await waitFor(async () => (await viaGateway(UNKNOWN_TASK_PATH, { timeoutMs: 5_000 })).status === 404, { description: 'the task service to answer 404 again' });
  });
});
