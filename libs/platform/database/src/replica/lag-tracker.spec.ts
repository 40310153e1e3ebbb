import { LagTracker } from './lag-tracker';

describe(LagTracker.name, () => {
  it('should report no lag while the replica has replayed what the primary wrote, however long nothing is written', () => {
    const tracker = new LagTracker();
    expect(tracker.observe(1000, 500n, 500n)).toBe(0);
    expect(tracker.observe(60_000, 500n, 500n)).toBe(0);
  });

  it('should report the age of the oldest position the replica has not replayed yet', () => {
    const tracker = new LagTracker();
    expect(tracker.observe(1000, 600n, 500n)).toBe(0);
    expect(tracker.observe(1100, 700n, 500n)).toBe(100);
    expect(tracker.observe(1300, 800n, 650n)).toBe(200); // 600 replayed; 700 was seen at 1100
    expect(tracker.observe(1400, 800n, 800n)).toBe(0);
  });

  it('should keep counting from the first unreplayed position while the primary stands still', () => {
    const tracker = new LagTracker();
    tracker.observe(1000, 600n, 500n);
    expect(tracker.observe(4000, 600n, 500n)).toBe(3000);
  });
});
