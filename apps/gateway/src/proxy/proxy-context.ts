import { type RequestSizeLimitingConfig, type RouteConfig } from '../config/gateway-config';
import { type ServiceRuntime } from '../balancer/upstream-runtime';
import { type GatewayLogger } from '../logging/gateway-logger';
import { type GatewayMetrics, type RouteMetrics } from '../metrics/gateway-metrics';
import { type CorrelationIdPlugin } from '../plugins/correlation-id.plugin';
import { type CorsPlugin } from '../plugins/cors.plugin';
import { type RateLimitingPlugin } from '../plugins/rate-limiting.plugin';

/** What a matched route leads to, resolved once at start. */
export interface RouteRuntime {
  readonly route: RouteConfig;
  readonly service: ServiceRuntime;
  readonly metrics: RouteMetrics;
}

/** Everything the per-request code needs, built once at start (no per-request configuration lookups). */
export interface ProxyContext {
  readonly correlationId: CorrelationIdPlugin | undefined;
  readonly cors: CorsPlugin | undefined;
  readonly sizeLimit: RequestSizeLimitingConfig | undefined;
  readonly rateLimiting: RateLimitingPlugin | undefined;
  readonly metrics: GatewayMetrics;
  readonly recordStatus: boolean;
  readonly recordLatency: boolean;
  readonly recordBandwidth: boolean;
  readonly logger: GatewayLogger;
  readonly accessLog: boolean;
  /** X-Forwarded-Port */
  readonly listenPort: string;
  /** response headers from upstream that the gateway replaces (lower-case) */
  readonly corsResponseHeaders: ReadonlySet<string>;
  readonly rateLimitResponseHeaders: ReadonlySet<string>;
}
