import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Label of requests that matched no route: never the raw URL, which would explode the series count. */
export const UNMATCHED_ROUTE = 'unmatched';

export type ShedReason = 'event_loop_delay' | 'memory';

export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

export interface RequestObservation {
  readonly method: string;
  /** the route template (`/api/v1/tasks/:id`) or UNMATCHED_ROUTE */
  readonly route: string;
  readonly status: number;
  readonly durationSeconds: number;
}

/**
 * The Prometheus metrics of one service process, in its own registry with the default label `service`.
 * HTTP metrics are recorded by the platform's request hooks; the pool gauges read a stats source at scrape time.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly shed: Counter<'reason'>;
  private poolStats: () => PoolStats = () => ({ total: 0, idle: 0, waiting: 0 });

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.shed = new Counter({
      name: 'http_requests_shed_total',
      help: 'Requests refused with 503 by load shedding, by reason',
      labelNames: ['reason'],
      registers,
    });
    for (const reason of ['event_loop_delay', 'memory'] as const) this.shed.inc({ reason }, 0);
    const stats = (): PoolStats => this.poolStats();
    new Gauge({
      name: 'db_pool_connections_in_use',
      help: 'Database pool connections checked out by queries',
      registers,
      collect() {
        const s = stats();
        this.set(Math.max(0, s.total - s.idle));
      },
    });
    new Gauge({
      name: 'db_pool_connections_idle',
      help: 'Database pool connections open and idle',
      registers,
      collect() {
        this.set(stats().idle);
      },
    });
    new Gauge({
      name: 'db_pool_connections_waiting',
      help: 'Queries waiting for a free database pool connection',
      registers,
      collect() {
        this.set(stats().waiting);
      },
    });
  }

  observeRequest(observation: RequestObservation): void {
    const labels = { method: observation.method, route: observation.route, status: String(observation.status) };
    this.requests.inc(labels);
    this.duration.observe(labels, observation.durationSeconds);
  }

  countShed(reason: ShedReason): void {
    this.shed.inc({ reason });
  }

  /** Where the pool gauges read from (the service's database pool). */
  setPoolStatsSource(source: () => PoolStats): void {
    this.poolStats = source;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
