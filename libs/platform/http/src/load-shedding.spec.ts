import { DELAY_SAMPLES_TO_SHED, evaluateLoad, isShedExempt, LoadShedder } from './load-shedding';

const limits = { maxEventLoopDelayMs: 500, maxRssMb: 1024 };

describe(evaluateLoad.name, () => {
  it('should accept requests under both limits', () => {
    expect(evaluateLoad({ eventLoopDelayMs: 20, rssMb: 300 }, limits, 0)).toEqual({ overloaded: false });
  });

  it('should shed when the event loop delay has exceeded its limit for DELAY_SAMPLES_TO_SHED samples in a row', () => {
    expect(evaluateLoad({ eventLoopDelayMs: 501, rssMb: 300 }, limits, DELAY_SAMPLES_TO_SHED)).toEqual({ overloaded: true, reason: 'event_loop_delay' });
  });

  it('should not shed on one late sample: a stall is not overload', () => {
    expect(evaluateLoad({ eventLoopDelayMs: 5_000, rssMb: 300 }, limits, 1)).toEqual({ overloaded: false });
  });

  it('should shed when RSS exceeds its limit, from the first sample', () => {
    expect(evaluateLoad({ eventLoopDelayMs: 10, rssMb: 1025 }, limits, 0)).toEqual({ overloaded: true, reason: 'memory' });
    expect(evaluateLoad({ eventLoopDelayMs: 900, rssMb: 1025 }, limits, 1)).toEqual({ overloaded: true, reason: 'memory' });
  });

  it('should not shed exactly at the limit', () => {
    expect(evaluateLoad({ eventLoopDelayMs: 500, rssMb: 1024 }, limits, 0)).toEqual({ overloaded: false });
  });
});

describe(isShedExempt.name, () => {
  it.each(['/health', '/health/live', '/health/ready', '/metrics', '/health/ready?verbose=1'])('should never shed %s', (url) => {
    expect(isShedExempt(url)).toBe(true);
  });

  it.each(['/api/v1/tasks', '/healthz', '/api/v1/health', '/metrics/x'])('should shed %s when overloaded', (url) => {
    expect(isShedExempt(url)).toBe(false);
  });
});

describe(LoadShedder.name, () => {
  it('should turn overloaded when RSS goes over the limit and recover when it drops', () => {
    let rssBytes = 100 * 1024 * 1024;
    const shedder = new LoadShedder({ maxEventLoopDelayMs: 10_000, maxRssMb: 200 }, { readRssBytes: () => rssBytes });

    expect(shedder.sample()).toEqual({ overloaded: false });
    rssBytes = 300 * 1024 * 1024;
    shedder.sample();
    expect(shedder.decision).toEqual({ overloaded: true, reason: 'memory' });
    rssBytes = 150 * 1024 * 1024;
    shedder.sample();
    expect(shedder.decision).toEqual({ overloaded: false });
  });

  it('should report each change of decision once, with the sample that made it', () => {
    let rssBytes = 100 * 1024 * 1024;
    const changes: [boolean, number][] = [];
    const shedder = new LoadShedder(
      { maxEventLoopDelayMs: 10_000, maxRssMb: 200 },
      { readRssBytes: () => rssBytes, onChange: (decision, sample) => changes.push([decision.overloaded, sample.rssMb]) },
    );

    shedder.sample();
    rssBytes = 300 * 1024 * 1024;
    shedder.sample();
    shedder.sample();
    rssBytes = 150 * 1024 * 1024;
    shedder.sample();

    expect(changes).toEqual([
      [true, 300],
      [false, 150],
    ]);
  });
});
