import { evaluateLoad, isShedExempt, LoadShedder } from './load-shedding';

const limits = { maxEventLoopDelayMs: 500, maxRssMb: 1024 };

describe(evaluateLoad.name, () => {
  it('should accept requests under both limits', () => {
    expect(evaluateLoad({ eventLoopDelayMs: 20, rssMb: 300 }, limits)).toEqual({ overloaded: false });
  });

  it('should shed when the event loop delay exceeds its limit', () => {
    expect(evaluateLoad({ eventLoopDelayMs: 501, rssMb: 300 }, limits)).toEqual({ overloaded: true, reason: 'event_loop_delay' });
  });

  it('should shed when RSS exceeds its limit', () => {
    expect(evaluateLoad({ eventLoopDelayMs: 10, rssMb: 1025 }, limits)).toEqual({ overloaded: true, reason: 'memory' });
  });

  it('should not shed exactly at the limit', () => {
    expect(evaluateLoad({ eventLoopDelayMs: 500, rssMb: 1024 }, limits)).toEqual({ overloaded: false });
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
});
