import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * How a read was answered: from Redis (`hit`), by a load it started after a miss (`miss`), by a load of the same key
 * and version already in flight in this instance (`shared`: no load of its own), or by the loader with Redis away.
 */
export type CacheResult = 'hit' | 'miss' | 'shared' | 'bypass';

/** The metrics of one namespace. */
export interface NamespaceMetrics {
  request(result: CacheResult): void;
  loaded(durationSeconds: number): void;
}

interface CacheMetricSet {
  readonly requests: Counter<'cache' | 'result'>;
  readonly loadDuration: Histogram<'cache'>;
  readonly backlog: Gauge;
}

const sets = new WeakMap<Registry, CacheMetricSet>();

/** The cache metrics of a service, registered once per registry. */
function metricSet(registry: Registry): CacheMetricSet {
  let set = sets.get(registry);
  if (set) return set;
  const registers = [registry];
  set = {
    requests: new Counter({
      name: 'cache_requests_total',
      help: 'Cache reads, by namespace and how they were answered',
      labelNames: ['cache', 'result'],
      registers,
    }),
    loadDuration: new Histogram({
      name: 'cache_load_duration_seconds',
      help: 'Time of the loads behind cache misses and bypasses (one per key and version at a time), in seconds',
      labelNames: ['cache'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    backlog: new Gauge({
      name: 'cache_invalidations_pending',
      help: 'Invalidations that did not reach Redis, replayed before the cache uses Redis again',
      registers,
    }),
  };
  sets.set(registry, set);
  return set;
}

/** The metrics of namespace `cache`, its counters shown at 0 from the start. */
export function namespaceMetrics(registry: Registry, cache: string): NamespaceMetrics {
  const m = metricSet(registry);
  for (const result of ['hit', 'miss', 'shared', 'bypass'] as const) m.requests.inc({ cache, result }, 0);
  return {
    request: (result) => m.requests.inc({ cache, result }),
    loaded: (durationSeconds) => m.loadDuration.observe({ cache }, durationSeconds),
  };
}

/** Sets `cache_invalidations_pending`. */
export function reportInvalidationBacklog(registry: Registry, size: number): void {
  metricSet(registry).backlog.set(size);
}
