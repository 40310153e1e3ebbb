import { ResponseFloor } from './response-floor';

describe(ResponseFloor.name, () => {
  it('should leave what remains of the floor to wait, and nothing once past it', () => {
    const floor = ResponseFloor.start(400, 1000);

    expect(floor.remainingMs(1000)).toBe(400);
    expect(floor.remainingMs(1150)).toBe(250);
    expect(floor.remainingMs(1400)).toBe(0);
    expect(floor.remainingMs(2000)).toBe(0);
  });

  it('should report an overrun, and only then', async () => {
    const overruns: number[] = [];
    await ResponseFloor.start(0).wait((ms) => overruns.push(ms));
    await ResponseFloor.start(5).wait((ms) => overruns.push(ms));
    await ResponseFloor.start(1, performance.now() - 50).wait((ms) => overruns.push(ms));

    expect(overruns).toHaveLength(1);
    expect(overruns[0]).toBeGreaterThanOrEqual(50);
  });
});
