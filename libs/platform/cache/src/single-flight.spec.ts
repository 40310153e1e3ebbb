import { SingleFlight } from './single-flight';

describe(SingleFlight.name, () => {
  it('should share one run among the callers of a key while it is in flight, and start a new one after', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    let finish: (value: number) => void = () => undefined;
    const fn = (): Promise<number> => {
      runs += 1;
      return new Promise<number>((resolve) => (finish = resolve));
    };

    const callers = [flights.run('a', fn), flights.run('a', fn), flights.run('a', fn)];
    finish(7);

    expect(await Promise.all(callers)).toEqual([7, 7, 7]);
    expect(runs).toBe(1);
    expect(flights.size).toBe(0);
    const next = flights.run('a', fn);
    finish(8);
    expect(await next).toBe(8);
    expect(runs).toBe(2);
  });

  it('should run different keys separately', async () => {
    const flights = new SingleFlight<string>();

    expect(await Promise.all([flights.run('a', () => Promise.resolve('A')), flights.run('b', () => Promise.resolve('B'))])).toEqual(['A', 'B']);
  });

  it('should hand a failure to every caller of the run and forget it', async () => {
    const flights = new SingleFlight<number>();
    const failing = (): Promise<number> => {
      throw new Error('the loader failed');
    };

    const callers = [flights.run('a', failing), flights.run('a', failing)];

    await expect(callers[0]).rejects.toThrow('the loader failed');
    await expect(callers[1]).rejects.toThrow('the loader failed');
    expect(flights.size).toBe(0);
    expect(await flights.run('a', () => Promise.resolve(1))).toBe(1);
  });
});
