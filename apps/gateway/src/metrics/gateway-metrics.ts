import { type PrometheusConfig } from '../config/gateway-config';
import { Histogram } from './histogram';

// Kong's bucket bounds (kong/plugins/prometheus/exporter.lua)
const KONG_LATENCY_BUCKETS = [1, 2, 5, 7, 10, 15, 20, 30, 50, 75, 100, 200, 500, 750, 1000];
const UPSTREAM_LATENCY_BUCKETS = [25, 50, 80, 100, 250, 400, 700, 1000, 2000, 5000, 10000, 30000, 60000];
export const KONG_VERSION = '3.9.1';

export type TargetHealthState = 'healthy' | 'unhealthy' | 'healthchecks_off';

export interface TargetHealth {
  readonly upstream: string;
  readonly target: string;
  readonly address: string;
  readonly state: TargetHealthState;
}

/** The per-route series; the proxy keeps a reference per route so recording needs no lookup by name. */
export class RouteMetrics {
  readonly statusFromService = new Map<number, number>();
  readonly statusFromKong = new Map<number, number>();
  readonly kongLatency = new Histogram(KONG_LATENCY_BUCKETS);
  readonly upstreamLatency = new Histogram(UPSTREAM_LATENCY_BUCKETS);
  readonly requestLatency = new Histogram(UPSTREAM_LATENCY_BUCKETS);
  ingressBytes = 0;
  egressBytes = 0;

  constructor(
    readonly service: string,
    readonly route: string,
  ) {}
}

/**
 * Kong's prometheus plugin, the series it exposes for an http node (names, labels and buckets as Kong 3.9 writes
 * them): kong_http_requests_total, kong_kong_latency_ms, kong_upstream_latency_ms, kong_request_latency_ms,
 * kong_bandwidth_bytes, kong_upstream_target_health, kong_nginx_connections_total, kong_nginx_requests_total,
 * kong_datastore_reachable, kong_node_info. Like Kong, requests that matched no route are not recorded per service.
 */
export class GatewayMetrics {
  private readonly routes: RouteMetrics[] = [];
  connectionsAccepted = 0;
  connectionsActive = 0;
  totalRequests = 0;

  constructor(
    readonly config: PrometheusConfig | undefined,
    private readonly nodeId: string,
  ) {}

  forRoute(service: string, route: string): RouteMetrics {
    const metrics = new RouteMetrics(service, route);
    this.routes.push(metrics);
    return metrics;
  }

  render(targets: readonly TargetHealth[]): string {
    const out: string[] = [];
    const node = `node_id="${this.nodeId}"`;
    out.push('# HELP kong_datastore_reachable Datastore reachable from Kong, 0 is unreachable', '# TYPE kong_datastore_reachable gauge', 'kong_datastore_reachable 1');
    out.push('# HELP kong_node_info Kong Node metadata information', '# TYPE kong_node_info gauge', `kong_node_info{${node},version="${KONG_VERSION}"} 1`);
    out.push('# HELP kong_nginx_connections_total Number of connections by subsystem', '# TYPE kong_nginx_connections_total gauge');
    for (const [state, value] of [
      ['accepted', this.connectionsAccepted],
      ['active', this.connectionsActive],
      ['handled', this.connectionsAccepted],
      ['total', this.totalRequests],
    ] as const) {
      out.push(`kong_nginx_connections_total{${node},subsystem="http",state="${state}"} ${value}`);
    }
    out.push('# HELP kong_nginx_requests_total Number of requests total', '# TYPE kong_nginx_requests_total gauge', `kong_nginx_requests_total{${node},subsystem="http"} ${this.totalRequests}`);
    const config = this.config;
    if (config?.statusCodeMetrics) this.renderStatus(out);
    if (config?.latencyMetrics) this.renderLatency(out);
    if (config?.bandwidthMetrics) this.renderBandwidth(out);
    if (config?.upstreamHealthMetrics) renderTargets(targets, out);
    return `${out.join('\n')}\n`;
  }

  private renderStatus(out: string[]): void {
    out.push('# HELP kong_http_requests_total HTTP status codes per consumer/service/route in Kong', '# TYPE kong_http_requests_total counter');
    for (const r of this.routes) {
      for (const [source, map] of [['service', r.statusFromService], ['kong', r.statusFromKong]] as const) {
        for (const [code, count] of map) {
          out.push(`kong_http_requests_total{service="${r.service}",route="${r.route}",code="${code}",source="${source}",workspace="default",consumer=""} ${count}`);
        }
      }
    }
  }

  private renderLatency(out: string[]): void {
    const series = [
      ['kong_kong_latency_ms', 'Latency added by Kong and enabled plugins for each service/route in Kong', (r: RouteMetrics) => r.kongLatency],
      ['kong_upstream_latency_ms', 'Latency added by upstream response for each service/route in Kong', (r: RouteMetrics) => r.upstreamLatency],
      ['kong_request_latency_ms', 'Total latency incurred during requests for each service/route in Kong', (r: RouteMetrics) => r.requestLatency],
    ] as const;
    for (const [name, help, pick] of series) {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} histogram`);
      for (const r of this.routes) {
        const histogram = pick(r);
        if (histogram.count > 0) histogram.render(name, `service="${r.service}",route="${r.route}",workspace="default"`, out);
      }
    }
  }

  private renderBandwidth(out: string[]): void {
    out.push('# HELP kong_bandwidth_bytes Total bandwidth (ingress/egress) throughput in bytes', '# TYPE kong_bandwidth_bytes counter');
    for (const r of this.routes) {
      for (const [direction, value] of [['egress', r.egressBytes], ['ingress', r.ingressBytes]] as const) {
        if (value > 0) out.push(`kong_bandwidth_bytes{service="${r.service}",route="${r.route}",direction="${direction}",workspace="default",consumer=""} ${value}`);
      }
    }
  }
}

function renderTargets(targets: readonly TargetHealth[], out: string[]): void {
  out.push(
    '# HELP kong_upstream_target_health Health status of targets of upstream. States = healthchecks_off|healthy|unhealthy|dns_error, value is 1 when state is populated.',
    '# TYPE kong_upstream_target_health gauge',
  );
  for (const t of targets) {
    for (const state of ['healthchecks_off', 'healthy', 'unhealthy', 'dns_error'] as const) {
      out.push(
        `kong_upstream_target_health{upstream="${t.upstream}",target="${t.target}",address="${t.address}",state="${state}",subsystem="http",workspace="default"} ${t.state === state ? 1 : 0}`,
      );
    }
  }
}
