import { Registry } from 'prom-client';
import { type Pool } from 'pg';
import { type DataSource } from 'typeorm';
import { type LastWriteStore } from './last-write-store';
import { ReadReplica } from './read-replica';
import { ReplicaMetrics } from './replica-metrics';
import { type ReplicaMonitor, type ReplicaVerdict } from './replica-monitor';

describe(ReadReplica.name, () => {
  let registry: Registry;
  let verdict: ReplicaVerdict;
  let replayed: bigint;
  let lastWrite: () => Promise<bigint | undefined>;
  let markedDown: unknown[];
  let replica: ReadReplica;

  const counter = async (name: string, labels: Record<string, string>): Promise<number> => {
    const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
    return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
  };

  beforeEach(() => {
    registry = new Registry();
    verdict = { usable: true };
    replayed = 1000n;
    lastWrite = () => Promise.resolve(undefined);
    markedDown = [];
    const monitor = {
      get verdict() {
        return verdict;
      },
      hasReplayed: (lsn: bigint) => replayed >= lsn,
      markDown: (error: unknown) => void markedDown.push(error),
    } as unknown as ReplicaMonitor;
    const lastWrites = { lastWrite: () => lastWrite() } as unknown as LastWriteStore;
    const metrics = new ReplicaMetrics(registry, () => ({ total: 0, idle: 0, waiting: 0 }));
    replica = new ReadReplica({} as Pool, {} as DataSource, monitor, lastWrites, metrics);
  });

  describe('routeFor', () => {
    it('should send the reads of a user without a recorded write to the replica', async () => {
      expect(await replica.routeFor('u1')).toEqual({ target: 'replica' });
      expect(await counter('taskhub_db_read_requests_total', { target: 'replica', reason: 'caught_up' })).toBe(1);
    });

    it('should send them to the primary until the replica has replayed past the last write', async () => {
      lastWrite = () => Promise.resolve(1001n);
      expect(await replica.routeFor('u1')).toEqual({ target: 'primary' });
      replayed = 1001n;
      expect(await replica.routeFor('u1')).toEqual({ target: 'replica' });
      expect(await counter('taskhub_db_read_requests_total', { target: 'primary', reason: 'own_write' })).toBe(1);
    });

    it('should fall back to the primary while the replica is down or lags, counting why', async () => {
      verdict = { usable: false, reason: 'replica_down' };
      expect(await replica.routeFor('u1')).toEqual({ target: 'primary' });
      verdict = { usable: false, reason: 'replica_lag' };
      expect(await replica.routeFor('u1')).toEqual({ target: 'primary' });
      expect(await counter('taskhub_db_read_fallback_total', { reason: 'replica_down' })).toBe(1);
      expect(await counter('taskhub_db_read_fallback_total', { reason: 'replica_lag' })).toBe(1);
    });

    it('should fall back to the primary when the last write cannot be read from Redis', async () => {
      lastWrite = () => Promise.reject(new Error('no answer from Redis within 100 ms'));
      expect(await replica.routeFor('u1')).toEqual({ target: 'primary' });
      expect(await counter('taskhub_db_read_fallback_total', { reason: 'session_store_unavailable' })).toBe(1);
    });
  });

  describe('retryOnPrimary', () => {
    it('should retry a connection failure on the primary and mark the replica down', async () => {
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' });
      expect(replica.retryOnPrimary(refused)).toBe(true);
      expect(markedDown).toEqual([refused]);
      expect(await counter('taskhub_db_read_fallback_total', { reason: 'replica_error' })).toBe(1);
    });

    it('should retry a recovery conflict and a write refused by the standby without marking it down', async () => {
      expect(replica.retryOnPrimary({ code: '40001', message: 'canceling statement due to conflict with recovery' })).toBe(true);
      expect(replica.retryOnPrimary({ code: '25006', message: 'cannot execute UPDATE in a read-only transaction' })).toBe(true);
      expect(markedDown).toEqual([]);
      expect(await counter('taskhub_db_read_fallback_total', { reason: 'replica_conflict' })).toBe(1);
      expect(await counter('taskhub_db_read_fallback_total', { reason: 'write_in_read_request' })).toBe(1);
    });

    it('should not retry what the primary would refuse too: a constraint, a statement timeout, a serialization failure', () => {
      expect(replica.retryOnPrimary({ code: '23505', message: 'duplicate key value' })).toBe(false);
      expect(replica.retryOnPrimary({ code: '57014', message: 'canceling statement due to statement timeout' })).toBe(false);
      expect(replica.retryOnPrimary({ code: '40001', message: 'could not serialize access' })).toBe(false);
    });
  });
});
