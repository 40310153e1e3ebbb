import { PeriodicJob } from './periodic-job';

describe('PeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A round that waits until released, counting its starts. */
  function gatedRounds(): { round: () => Promise<void>; starts: () => number; release: () => void } {
    let starts = 0;
    let release: () => void = () => undefined;
    return {
      round: () => {
        starts++;
        return new Promise<void>((resolve) => (release = resolve));
      },
      starts: () => starts,
      release: () => release(),
    };
  }

  it('should run a round every interval, never two at once', async () => {
    const gated = gatedRounds();
    const job = new PeriodicJob(gated.round, { intervalMs: 1000, onError: () => undefined });
    job.start();

    await jest.advanceTimersByTimeAsync(1000);
    await jest.advanceTimersByTimeAsync(3000); // three more ticks while the first round runs
    expect(gated.starts()).toBe(1);

    gated.release();
    await jest.advanceTimersByTimeAsync(1000);
    expect(gated.starts()).toBe(2);
    gated.release();
    await job.stop();
  });

  it('should hand a failed round to onError and run the next one on time', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const job = new PeriodicJob(
      () => {
        calls++;
        return calls === 1 ? Promise.reject(new Error('boom')) : Promise.resolve();
      },
      { intervalMs: 1000, onError: (error) => errors.push(error) },
    );
    job.start();

    await jest.advanceTimersByTimeAsync(2000);

    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('boom')]);
    await job.stop();
  });

  it('should wait for the round in flight on stop, and start no more', async () => {
    const gated = gatedRounds();
    const job = new PeriodicJob(gated.round, { intervalMs: 1000, onError: () => undefined });
    job.start();
    await jest.advanceTimersByTimeAsync(1000);

    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    gated.release();
    await stopping;
    await jest.advanceTimersByTimeAsync(5000);

    expect(stopped).toBe(true);
    expect(gated.starts()).toBe(1);
  });

  it('should never run on its own with interval 0, while tick() still runs a round', async () => {
    let calls = 0;
    const job = new PeriodicJob(() => Promise.resolve(calls++), { intervalMs: 0, onError: () => undefined });
    job.start();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(0);

    await job.tick();
    expect(calls).toBe(1);
  });
});
