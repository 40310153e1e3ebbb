import { waitFor } from '@taskhub/platform-testing';
import { componentStatus, faults, toService, viaGateway, UNKNOWN_TASK_PATH } from '../support/e2e-client';
import { activeHealthcheck } from '../support/kong-config';

jest.setTimeout(120_000);

/** A request must come back within this, whatever the outage: a hang is a failure. */
const NO_HANG_MS = 5_000;

describe('task database outage', () => {
  const healthcheck = activeHealthcheck('task-service');
  const seconds = (n: number | undefined): number => (n ?? 0) * 1000;
  // time for the gateway's active checks to take the target out, and to bring it back, with a margin
  const takeOutMs =
    seconds(healthcheck.unhealthy?.interval) * Math.max(1, healthcheck.unhealthy?.http_failures ?? 1, healthcheck.unhealthy?.tcp_failures ?? 1) +
    10_000;
  const bringBackMs = seconds(healthcheck.healthy?.interval) * Math.max(1, healthcheck.healthy?.successes ?? 1) + 15_000;

  afterAll(async () => {
    await faults.restore('postgres:task');
  });

  it('should turn the task service unready and the gateway to a quick 503, and recover once the database is back', async () => {
    await faults.cut('postgres:task');

    const ready = await waitFor(
      async () => {
        const response = await toService('task', '/health/ready', { timeoutMs: NO_HANG_MS });
        return response.status === 503 && response;
      },
      { description: 'task /health/ready to answer 503', timeoutMs: 15_000, intervalMs: 200 },
    );
    expect(ready.durationMs).toBeLessThan(NO_HANG_MS);
    const health = await toService('task', '/health', { timeoutMs: NO_HANG_MS });
    expect(health.status).toBe(503);
    expect(componentStatus(health.json(), 'postgres')).toBe('down');

    const refused = await waitFor(
      async () => {
        const response = await viaGateway(UNKNOWN_TASK_PATH, { timeoutMs: NO_HANG_MS });
        return response.status === 503 && response;
      },
      { description: 'the gateway to answer 503 for /api/v1/tasks', timeoutMs: takeOutMs, intervalMs: 250 },
    );
    expect(typeof refused.json().message).toBe('string');
    expect(refused.durationMs).toBeLessThan(NO_HANG_MS);

    await faults.restore('postgres:task');

    await waitFor(async () => (await toService('task', '/health/ready', { timeoutMs: NO_HANG_MS })).status === 200, {
      description: 'task /health/ready to answer 200 again',
      timeoutMs: 20_000,
      intervalMs: 250,
    });
    await waitFor(async () => (await viaGateway(UNKNOWN_TASK_PATH, { timeoutMs: NO_HANG_MS })).status === 404, {
      description: 'requests to flow to the task service again (its 404 for an unknown task)',
      timeoutMs: bringBackMs,
      intervalMs: 250,
    });
  });
});
