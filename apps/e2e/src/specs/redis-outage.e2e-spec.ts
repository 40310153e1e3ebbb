import { waitFor } from '@taskhub/platform-testing';
import { SERVICES, componentStatus, faults, toService, viaGateway } from '../support/e2e-client';

jest.setTimeout(90_000);

async function redisStatus(service: (typeof SERVICES)[number]): Promise<string | undefined> {
  const response = await toService(service, '/health', { timeoutMs: 5_000 });
  return componentStatus(response.json(), 'redis');
}

describe('Redis outage', () => {
  afterAll(async () => {
    await faults.restore('redis');
  });

  it('should report redis down within 5 s, stay ready and keep serving through the gateway, then recover without restart', async () => {
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
    // the gateway's rate limiting cannot reach Redis either: it fails open, requests are still answered by the service
    for (let i = 0; i < 5; i++) {
      const response = await viaGateway('/api/v1/tasks/does-not-exist', { timeoutMs: 5_000 });
      expect(response.status).toBe(404);
      expect(response.json()).toEqual(expect.objectContaining({ statusCode: 404 }));
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
  });
});
