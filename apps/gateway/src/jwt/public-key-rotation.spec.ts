import { createGatewayLogger } from '../logging/gateway-logger';
import { type PublicKeyDirectory } from './public-key-directory';
import { PublicKeyRotation } from './public-key-rotation';

const TIMING = { minIntervalMs: 1000, periodicMs: 10_000, settleMs: 50 };

describe(PublicKeyRotation.name, () => {
  let scans: number;
  let rotation: PublicKeyRotation;

  beforeEach(() => {
    jest.useFakeTimers();
    scans = 0;
    const read = (): PublicKeyDirectory => {
      scans++;
      return { keys: [], problems: [] };
    };
    rotation = new PublicKeyRotation('/keys', () => undefined, createGatewayLogger('silent'), TIMING, () => Date.now(), read);
  });

  afterEach(() => {
    rotation.stop();
    jest.useRealTimers();
  });

  it('should scan at once when the last scan is older than the throttle, and let concurrent callers share it', async () => {
    const first = rotation.scanSoon();
    const second = rotation.scanSoon();
    await jest.advanceTimersByTimeAsync(0);
    await Promise.all([first, second]);
    expect(scans).toBe(1);
  });

  it('should never scan twice within a second, however many unknown kids arrive, and resolve once the next scan ran', async () => {
    await Promise.all([rotation.scanSoon(), jest.advanceTimersByTimeAsync(0)]);
    let resolved = false;
    for (let i = 0; i < 50; i++) void rotation.scanSoon().then(() => (resolved = true));
    await jest.advanceTimersByTimeAsync(999);
    expect([scans, resolved]).toEqual([1, false]);
    await jest.advanceTimersByTimeAsync(1);
    expect([scans, resolved]).toEqual([2, true]);
  });

  it('should resolve waiting callers when stopped, without scanning', async () => {
    await Promise.all([rotation.scanSoon(), jest.advanceTimersByTimeAsync(0)]);
    const waiting = rotation.scanSoon();
    rotation.stop();
    await waiting;
    await jest.advanceTimersByTimeAsync(5000);
    expect(scans).toBe(1);
  });
});
