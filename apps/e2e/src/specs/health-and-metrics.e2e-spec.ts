import { SERVICES, componentStatus, http, toService, viaGateway, UNKNOWN_TASK_PATH } from '../support/e2e-client';
import { stackInfo } from '../support/stack-info';

jest.setTimeout(60_000);

describe('health and metrics endpoints', () => {
  describe.each(SERVICES)('%s service', (service) => {
    it('should be live and ready', async () => {
      expect((await toService(service, '/health/live')).status).toBe(200);
      expect((await toService(service, '/health/ready')).status).toBe(200);
    });

    it('should report postgres, redis and rabbitmq up on /health', async () => {
      const response = await toService(service, '/health');

      expect(response.status).toBe(200);
      const body = response.json();
      expect(['postgres', 'redis', 'rabbitmq'].map((c) => [c, componentStatus(body, c)])).toEqual([
        ['postgres', 'up'],
        ['redis', 'up'],
        ['rabbitmq', 'up'],
      ]);
    });

    it('should expose Prometheus metrics with http_requests_total', async () => {
      await toService(service, '/health/live');

      const response = await toService(service, '/metrics');

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(response.text).toMatch(/^http_requests_total\{/m);
    });
  });

  it('should expose kong_http_requests_total on the gateway status port', async () => {
    await viaGateway(UNKNOWN_TASK_PATH);

    const status = await http(`${stackInfo().gateway.statusUrl}/status`);
    const metrics = await http(`${stackInfo().gateway.statusUrl}/metrics`);

    expect(status.status).toBe(200);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^kong_http_requests_total\{/m);
  });
});
