import { type RouteConfig } from '../config/gateway-config';
import { type ServiceRuntime } from '../balancer/upstream-runtime';
import { type GatewayLogger } from '../logging/gateway-logger';
import { type GatewayMetrics, type RouteMetrics } from '../metrics/gateway-metrics';
import { type RateLimitingPlugin } from '../plugins/rate-limiting.plugin';
import { type RealIpSettings } from './real-ip';
import { type RoutePlugins } from './route-plugins';

/** What a matched route leads to, resolved once at start. */
export interface RouteRuntime {
  readonly route: RouteConfig;
  readonly service: ServiceRuntime;
  readonly metrics: RouteMetrics;
  /** the plugins this route runs: route-level over service-level over global, per plugin */
  readonly plugins: RoutePlugins;
}

/** Everything the per-request code needs, built once at start (no per-request configuration lookups). */
export interface ProxyContext {
  /** the global plugins, which run when no route matched */
  readonly globalPlugins: RoutePlugins;
  /** global only */
  readonly rateLimiting: RateLimitingPlugin | undefined;
  readonly metrics: GatewayMetrics;
  readonly recordStatus: boolean;
  readonly recordLatency: boolean;
  readonly recordBandwidth: boolean;
  readonly logger: GatewayLogger;
  readonly accessLog: boolean;
  /** X-Forwarded-Port */
  readonly listenPort: string;
  /** whom the client address is believed from (KONG_TRUSTED_IPS, KONG_REAL_IP_HEADER, KONG_REAL_IP_RECURSIVE) */
  readonly realIp: RealIpSettings;
  /** response headers from upstream that the gateway replaces (lower-case) */
  readonly corsResponseHeaders: ReadonlySet<string>;
  readonly rateLimitResponseHeaders: ReadonlySet<string>;
}
