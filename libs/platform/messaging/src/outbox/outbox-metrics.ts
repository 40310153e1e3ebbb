import { Counter, Gauge, type Registry } from 'prom-client';
import { type OutboxRelay, type OutboxRelayEvents } from './outbox-relay';

/**
 * The outbox's Prometheus metrics in the service's registry: backlog and age of the oldest unpublished event (read
 * from the table at scrape time), events published, held back as unroutable, and failed publish attempts.
 */
export function outboxMetrics(registry: Registry, relay: () => OutboxRelay | undefined): OutboxRelayEvents {
  const registers = [registry];
  let last = { pending: 0, oldestAgeSeconds: 0 };
  const refresh = async (): Promise<typeof last> => {
    const current = relay();
    if (current) last = await current.backlog().catch(() => last);
    return last;
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
    collect() {
      this.set(last.oldestAgeSeconds);
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
