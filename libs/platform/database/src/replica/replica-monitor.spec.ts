import { Registry } from 'prom-client';
import { ReplicaMetrics } from './replica-metrics';
import { ReplicaMonitor } from './replica-monitor';

describe(ReplicaMonitor.name, () => {
  let now: number;
  let primary: () => Promise<string>;
  let replayed: () => Promise<string | null>;
  let monitor: ReplicaMonitor;

  beforeEach(() => {
    now = 10_000;
    primary = () => Promise.resolve('0/1000');
    replayed = () => Promise.resolve('0/1000');
    const metrics = new ReplicaMetrics(new Registry(), () => ({ total: 0, idle: 0, waiting: 0 }));
    monitor = new ReplicaMonitor({ primary: () => primary(), replayed: () => replayed() }, { pollMs: 100, maxLagMs: 1000, timeoutMs: 50 }, metrics, () => now);
  });

  it('should count the replica as down until a poll has heard from it', async () => {
    expect(monitor.verdict).toEqual({ usable: false, reason: 'replica_down' });
    await monitor.poll();
    expect(monitor.verdict).toEqual({ usable: true });
    expect(monitor.hasReplayed(0x1000n)).toBe(true);
    expect(monitor.hasReplayed(0x1001n)).toBe(false);
  });

  it('should refuse reads once the replica lags more than the limit, and take them again once it catches up', async () => {
    await monitor.poll();
    primary = () => Promise.resolve('0/2000');
    await monitor.poll();
    now += 1001;
    await monitor.poll();
    expect(monitor.verdict).toEqual({ usable: false, reason: 'replica_lag' });
    replayed = () => Promise.resolve('0/2000');
    await monitor.poll();
    expect(monitor.verdict).toEqual({ usable: true });
  });

  it('should count a replica that does not answer in time, or is no standby, as down', async () => {
    await monitor.poll();
    replayed = () => new Promise(() => undefined);
    await monitor.poll();
    expect(monitor.verdict).toEqual({ usable: false, reason: 'replica_down' });
    replayed = () => Promise.resolve(null);
    await monitor.poll();
    expect(monitor.verdict).toEqual({ usable: false, reason: 'replica_down' });
  });

  it('should stay down after a failed query until the next poll answers', async () => {
    await monitor.poll();
    monitor.markDown(new Error('Connection terminated unexpectedly'));
    expect(monitor.verdict).toEqual({ usable: false, reason: 'replica_down' });
    await monitor.poll();
    expect(monitor.verdict).toEqual({ usable: true });
  });
});
