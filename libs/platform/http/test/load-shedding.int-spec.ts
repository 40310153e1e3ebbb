import { type RunningProbeService, startProbeService } from './support/probe-service.harness';

function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy: nothing else runs, exactly like a CPU-bound handler
  }
}

/** Lets the timers that fell due during a stall run (the shedder's sampling timer among them). */
function nextTimerTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

describe('service load shedding', () => {
  describe('over the memory limit', () => {
    let svc: RunningProbeService;

    beforeAll(async () => {
      svc = await startProbeService({ env: { LOAD_SHED_MAX_RSS_MB: '1' } });
    });

    afterAll(async () => {
      await svc.close();
    });

    it('should refuse new requests at once with 503 SERVER.OVERLOADED and Retry-After, and count them', async () => {
      const response = await svc.get('/api/v1/test-probe/items/1', { 'x-request-id': 'it-shed-1' });

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(await response.json()).toEqual({
        statusCode: 503,
        code: 'SERVER.OVERLOADED',
        message: 'the service is overloaded, retry later',
        correlationId: 'it-shed-1',
      });
      expect(svc.logs.withCorrelationId('it-shed-1').some((l) => l.msg === 'looking up item 1')).toBe(false);
      expect(await (await svc.get('/metrics')).text()).toMatch(/http_requests_shed_total\{reason="memory",service="task-service"\} 1\b/);
    });

    it('should still answer probes', async () => {
      expect((await svc.get('/health/live')).status).toBe(200);
      expect((await svc.get('/health/ready')).status).toBe(200);
    });
  });

  describe('over the event-loop delay limit', () => {
    let svc: RunningProbeService;

    beforeAll(async () => {
      svc = await startProbeService({ env: { LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '100' } });
    });

    afterAll(async () => {
      await svc.close();
    });

    it('should not shed after one stall: a single late sample is not overload', async () => {
      blockEventLoop(600);
      await nextTimerTurn();

      expect((await svc.get('/api/v1/test-probe/items/2')).status).toBe(200);
    });

    it('should shed requests while the event loop stays late across samples, and count them', async () => {
      await new Promise((resolve) => setTimeout(resolve, 600)); // calm samples: the last test's stall is forgotten
      expect((await svc.get('/api/v1/test-probe/items/3')).status).toBe(200);

      // a loop that is late at two samples in a row: the shedder's timer runs between the stalls
      blockEventLoop(600);
      await nextTimerTurn();
      blockEventLoop(600);
      await nextTimerTurn();
      const response = await svc.get('/api/v1/test-probe/items/4');

      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'SERVER.OVERLOADED' });
      expect(await (await svc.get('/metrics')).text()).toMatch(/http_requests_shed_total\{reason="event_loop_delay",service="task-service"\} 1\b/);
      expect(svc.logs.lines.some((l) => l.msg === 'load shedding on: new requests get 503' && l.reason === 'event_loop_delay')).toBe(true);
    });
  });
});
