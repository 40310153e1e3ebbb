import { Counter, Gauge, type Registry } from 'prom-client';
import { type OutboxRelay, type OutboxRelayEvents } from './outbox-relay';

/**
 * The outbox's Prometheus metrics in the service's registry: backlog and age of the oldest unpublished event (read
 * from the table at scrape time), events published, held back as unroutable, and failed publish attempts.
 */
export function outboxMetrics(registry: Registry, relay: () => OutboxRelay | undefined): OutboxRelayEvents {
  const registers = [registry];
  type Backlog = { pending: number; oldestAgeSeconds: number };
  let last: Backlog = { pending: 0, oldestAgeSeconds: 0 };
  // prom-client collects all gauges of a scrape concurrently: both read one backlog query, shared for the scrape
  let current: { at: number; backlog: Promise<Backlog> } | undefined;
  const refresh = (): Promise<Backlog> => {
    if (current && Date.now() - current.at < 500) return current.backlog;
    const source = relay();
    const backlog = source
      ? source.backlog().then(
          (b) => (last = b),
          () => last,
        )
      : Promise.resolve(last);
    current = { at: Date.now(), backlog };
    return backlog;
  };
  new Gauge({
    name: 'outbox_events_pending',
    help: 'Events written to the outbox and not yet confirmed by the broker',
    registers,
    async collect() {
      this.set((await refresh()).pending);
    },
  });
  new Gauge({
    name: 'outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest event not yet confirmed by the broker (0 when none)',
    registers,
    async collect() {
      this.set((await refresh()).oldestAgeSeconds);
    },
  });
  const published = new Counter({ name: 'outbox_events_published_total', help: 'Events published and confirmed by the broker', registers });
  const unroutable = new Counter({
    name: 'outbox_events_unroutable_total',
    help: 'Events the broker returned because no queue was bound to their routing key (kept and retried)',
    labelNames: ['routing_key'],
    registers,
  });
  const failures = new Counter({ name: 'outbox_publish_failures_total', help: 'Publish batches that failed and were rolled back for a retry', registers });
  return {
    published: (count) => published.inc(count),
    returned: (routingKey) => unroutable.inc({ routing_key: routingKey }),
    failed: () => failures.inc(),
  };
}
