import { connect } from 'node:net';
import { waitFor } from '@taskhub/platform-testing';
import { RequestGate } from './support/probe.controller';
import { type RunningProbeService, startProbeService } from './support/probe-service.harness';

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('service graceful shutdown', () => {
  let svc: RunningProbeService;
  const exitCodes: number[] = [];

  beforeAll(async () => {
    // the drain delay outlasts the two health probes below: at 300 ms a loaded machine closed the listener before the
    // liveness probe got its answer
    svc = await startProbeService({ env: { SHUTDOWN_DRAIN_DELAY_MS: '3000', SHUTDOWN_TIMEOUT_MS: '10000' }, exit: (code) => exitCodes.push(code) });
  });

  afterAll(async () => {
    await svc.close();
  });

  it('should report not ready while draining, finish the in-flight request, stop accepting, then exit 0', async () => {
    const port = Number(new URL(svc.baseUrl).port);
    const gate = svc.service.app.get(RequestGate);
    const inFlight = svc.get('/api/v1/test-probe/slow');
    await gate.entered;

    const shutdown = svc.service.shutdown.shutdown('SIGTERM');

    const ready = await svc.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ error: { service: { status: 'down', phase: 'draining' } } });
    expect((await svc.get('/health/live')).status).toBe(200);
    await waitFor(async () => !(await acceptsConnections(port)), { description: 'the listener to close after the drain delay' });
    expect(exitCodes).toEqual([]);

    gate.open();

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await shutdown;
    expect(exitCodes).toEqual([0]);
    expect(svc.logs.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutdown started: readiness is now 503, draining', 'shutdown complete']));
  });
});
