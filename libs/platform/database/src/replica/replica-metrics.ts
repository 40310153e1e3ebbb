import { Counter, Gauge, type Registry } from 'prom-client';

/** Why the reads of a request that could have gone to the replica went to the primary. */
export type ReadFallbackReason =
  | 'replica_down'
  | 'replica_lag'
  /** a query on the replica failed as unavailable (connection lost, refused, shut down): retried on the primary */
  | 'replica_error'
  /** the replica cancelled a query for a conflict with the WAL it replays: retried on the primary */
  | 'replica_conflict'
  /** a read request wrote (the standby refuses writes): that statement ran on the primary */
  | 'write_in_read_request'
  /** the user's last write position could not be read from Redis */
  | 'session_store_unavailable';

export type ReadRouteReason = 'caught_up' | 'own_write' | ReadFallbackReason;

export interface ReplicaPoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

const FALLBACK_REASONS: readonly ReadFallbackReason[] = [
  'replica_down',
  'replica_lag',
  'replica_error',
  'replica_conflict',
  'write_in_read_request',
  'session_store_unavailable',
];

/** The read replica's metrics in the service's registry (docs/read-replicas.md, "Metrics"). */
export class ReplicaMetrics {
  private readonly fallbacks: Counter<'reason'>;
  private readonly routes: Counter<'target' | 'reason'>;
  private readonly lag: Gauge;
  private readonly up: Gauge;

  constructor(registry: Registry, poolStats: () => ReplicaPoolStats) {
    const registers = [registry];
    this.fallbacks = new Counter({
      name: 'taskhub_db_read_fallback_total',
      help: 'Reads sent to the primary although a replica is configured, by reason',
      labelNames: ['reason'],
      registers,
    });
    for (const reason of FALLBACK_REASONS) this.fallbacks.inc({ reason }, 0);
    this.routes = new Counter({
      name: 'taskhub_db_read_requests_total',
      help: 'Read requests by the database they read from (replica or primary) and why',
      labelNames: ['target', 'reason'],
      registers,
    });
    this.lag = new Gauge({ name: 'taskhub_db_replica_lag_seconds', help: 'How far the replica replays behind the primary', registers });
    this.up = new Gauge({ name: 'taskhub_db_replica_up', help: '1 while the replica answers, 0 while it does not', registers });
    new Gauge({
      name: 'taskhub_db_replica_pool_connections',
      help: 'Replica pool connections by state (in_use, idle, waiting: queries waiting for one)',
      labelNames: ['state'],
      registers,
      collect() {
        const s = poolStats();
        this.set({ state: 'in_use' }, Math.max(0, s.total - s.idle));
        this.set({ state: 'idle' }, s.idle);
        this.set({ state: 'waiting' }, s.waiting);
      },
    });
  }

  routed(target: 'replica' | 'primary', reason: ReadRouteReason): void {
    this.routes.inc({ target, reason });
  }

  fallback(reason: ReadFallbackReason): void {
    this.fallbacks.inc({ reason });
  }

  replicaState(up: boolean, lagSeconds: number): void {
    this.up.set(up ? 1 : 0);
    this.lag.set(lagSeconds);
  }
}
