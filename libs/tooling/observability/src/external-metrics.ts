/**
 * Metrics the rules and dashboards use that no TaskHub process exports, and who does. Everything else a query names
 * must be declared by a service's or the gateway's /metrics, or by RabbitMQ's rabbitmq_prometheus plugin
 * (`rabbitmq_*`), as scraped by apps/e2e/src/specs/observability-metrics.e2e-spec.ts.
 */
export const EXTERNAL_METRICS: Readonly<Record<string, string>> = {
  up: 'Prometheus itself, one series per scrape target',
  probe_success: 'the blackbox exporter probing /health/ready (scrape job taskhub-readiness)',
};

/**
 * Metrics being built on another branch: a rule may name them before a service exports them. Remove a name here the
 * moment its service exports it (the e2e check then holds it to the real /metrics).
 */
export const PENDING_METRICS: Readonly<Record<string, string>> = {};

/** Metric names of RabbitMQ's own Prometheus plugin (port 15692), scraped from the broker rather than a service. */
export const isRabbitMqMetric = (name: string): boolean => name.startsWith('rabbitmq_');
