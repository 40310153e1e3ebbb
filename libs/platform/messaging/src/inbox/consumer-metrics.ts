import { Counter, Histogram, type Registry } from 'prom-client';
import { type EventConsumerEvents } from './event-consumer';

interface ConsumerMetricSet {
  readonly consumed: Counter<'queue' | 'routing_key'>;
  readonly duplicates: Counter<'queue' | 'routing_key'>;
  readonly retried: Counter<'queue' | 'routing_key' | 'attempt'>;
  readonly deadLettered: Counter<'queue' | 'routing_key'>;
  readonly batchRollbacks: Counter<'queue'>;
  readonly duration: Histogram<'queue' | 'routing_key'>;
}

const sets = new WeakMap<Registry, ConsumerMetricSet>();

/** The metrics of every consumer of a service, registered once per registry and labelled by queue. */
function metricSet(registry: Registry): ConsumerMetricSet {
  let set = sets.get(registry);
  if (set) return set;
  const registers = [registry];
  const labelNames = ['queue', 'routing_key'] as const;
  set = {
    consumed: new Counter({ name: 'events_consumed_total', help: 'Events applied by a consumer (inbox row and effects committed)', labelNames, registers }),
    duplicates: new Counter({ name: 'events_duplicate_total', help: 'Deliveries of events already applied, acknowledged without applying them again', labelNames, registers }),
    retried: new Counter({ name: 'events_retried_total', help: 'Failed deliveries sent to a retry tier, by the attempt that failed', labelNames: [...labelNames, 'attempt'], registers }),
    deadLettered: new Counter({ name: 'events_dead_lettered_total', help: 'Messages parked in <queue>.dead', labelNames, registers }),
    batchRollbacks: new Counter({
      name: 'events_batch_rollbacks_total',
      help: 'Group commits of a consumer rolled back (a handler failed, a deadlock), their events then applied one by one',
      labelNames: ['queue'],
      registers,
    }),
    duration: new Histogram({
      name: 'event_handler_duration_seconds',
      help: 'Time to apply an event (its share of a group commit), in seconds',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
  };
  sets.set(registry, set);
  return set;
}

/** Counters and handler duration of one consumer queue, in the service's registry (pass as `events`). */
export function consumerMetrics(registry: Registry, queue: string): EventConsumerEvents {
  const m = metricSet(registry);
  return {
    consumed: (routingKey, durationMs) => {
      m.consumed.inc({ queue, routing_key: routingKey });
      m.duration.observe({ queue, routing_key: routingKey }, durationMs / 1000);
    },
    duplicate: (routingKey) => m.duplicates.inc({ queue, routing_key: routingKey }),
    retried: (routingKey, attempt) => m.retried.inc({ queue, routing_key: routingKey, attempt: String(attempt) }),
    deadLettered: (routingKey) => m.deadLettered.inc({ queue, routing_key: routingKey }),
    batchRolledBack: () => m.batchRollbacks.inc({ queue }),
  };
}
