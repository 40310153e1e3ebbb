import { type KeyObject } from 'node:crypto';

/**
 * The declarative file after validation: only what the local gateway implements, with Kong's defaults filled in.
 */
export interface GatewayConfig {
  readonly services: readonly ServiceConfig[];
  readonly routes: readonly RouteConfig[];
  readonly upstreams: readonly UpstreamConfig[];
  /** global plugins */
  readonly plugins: PluginsConfig;
  /** plugins scoped to a service, a route, or both (see plugin-scopes.ts for the precedence) */
  readonly scopedPlugins: readonly ScopedPlugins[];
  readonly consumers: readonly ConsumerConfig[];
}

export interface ServiceConfig {
  readonly name: string;
  readonly id: string | undefined;
  /** upstream name or plain host, as written in the file */
  readonly host: string;
  readonly port: number;
  /** service.path, undefined when absent (Kong then uses "/") */
  readonly path: string | undefined;
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly writeTimeoutMs: number;
  readonly retries: number;
}

export interface RouteConfig {
  readonly name: string;
  readonly id: string | undefined;
  readonly service: string;
  /** as written: a plain prefix, or a regex after `~` (anchored at the start of the path, as in Kong) */
  readonly paths: readonly string[];
  /** order among the regex paths of routes with the same criteria (higher first); 0 by default */
  readonly regexPriority: number;
  /** upper-case; empty means any method */
  readonly methods: readonly string[];
  /** lower-case; empty means any host */
  readonly hosts: readonly string[];
  readonly stripPath: boolean;
  readonly preserveHost: boolean;
}

export interface TargetConfig {
  /** host:port as written (port defaulted to 8000 like Kong) */
  readonly target: string;
  readonly host: string;
  readonly port: number;
  readonly weight: number;
}

export interface ActiveHealthcheckConfig {
  readonly httpPath: string;
  readonly timeoutMs: number;
  readonly concurrency: number;
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly healthy: { readonly intervalMs: number; readonly successes: number; readonly httpStatuses: readonly number[] };
  readonly unhealthy: {
    readonly intervalMs: number;
    readonly httpFailures: number;
    readonly tcpFailures: number;
    readonly timeouts: number;
    readonly httpStatuses: readonly number[];
  };
}

export interface UpstreamConfig {
  readonly name: string;
  readonly hostHeader: string | undefined;
  readonly targets: readonly TargetConfig[];
  readonly active: ActiveHealthcheckConfig;
}

export interface CorrelationIdConfig {
  readonly headerName: string;
  readonly generator: 'uuid' | 'uuid#counter';
  readonly echoDownstream: boolean;
}

export interface CorsConfig {
  /** empty or ["*"]: any origin */
  readonly origins: readonly string[];
  readonly methods: readonly string[];
  readonly headers: readonly string[];
  readonly exposedHeaders: readonly string[];
  readonly maxAge: number | undefined;
  readonly credentials: boolean;
  readonly privateNetwork: boolean;
  readonly preflightContinue: boolean;
  readonly allowOriginAbsent: boolean;
}

export interface RequestSizeLimitingConfig {
  readonly allowedBytes: number;
  readonly requireContentLength: boolean;
}

export type RateLimitPeriod = 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year';

export interface RateLimitingConfig {
  /** in Kong's order: second, minute, hour, day, month, year (only the configured ones) */
  readonly limits: readonly { readonly period: RateLimitPeriod; readonly limit: number }[];
  readonly faultTolerant: boolean;
  readonly hideClientHeaders: boolean;
  readonly errorCode: number;
  readonly errorMessage: string;
  readonly redis: {
    readonly host: string;
    readonly port: number;
    readonly timeoutMs: number;
    readonly database: number;
    readonly username: string | undefined;
    readonly password: string | undefined;
  };
}

export interface PrometheusConfig {
  readonly statusCodeMetrics: boolean;
  readonly latencyMetrics: boolean;
  readonly bandwidthMetrics: boolean;
  readonly upstreamHealthMetrics: boolean;
}

export type JwtClaim = 'exp' | 'nbf';

/** Kong's jwt plugin (kong/plugins/jwt/schema.lua), with Kong's defaults filled in. */
export interface JwtConfig {
  readonly uriParamNames: readonly string[];
  readonly cookieNames: readonly string[];
  /** lower-case */
  readonly headerNames: readonly string[];
  readonly keyClaimName: string;
  readonly claimsToVerify: readonly JwtClaim[];
  /** seconds; 0 = no limit */
  readonly maximumExpiration: number;
  readonly runOnPreflight: boolean;
}

/** Kong's request-transformer, the one operation implemented: config.remove.headers. */
export interface RequestTransformerConfig {
  /** lower-case header names removed from the request before it is proxied */
  readonly removeHeaders: readonly string[];
}

/** One plugin config per name, undefined when absent or enabled: false. */
export interface PluginsConfig {
  readonly correlationId?: CorrelationIdConfig;
  readonly cors?: CorsConfig;
  readonly jwt?: JwtConfig;
  readonly requestSizeLimiting?: RequestSizeLimitingConfig;
  readonly rateLimiting?: RateLimitingConfig;
  readonly requestTransformer?: RequestTransformerConfig;
  readonly prometheus?: PrometheusConfig;
}

/** Plugins configured on a service (nested or `service:`), a route (nested or `route:`), or both (`service:` and `route:`). */
export interface ScopedPlugins {
  readonly service: string | undefined;
  readonly route: string | undefined;
  readonly plugins: PluginsConfig;
}

export interface ConsumerConfig {
  /** as written, or the id Kong's declarative loader derives from the username */
  readonly id: string;
  readonly username: string | undefined;
  readonly customId: string | undefined;
  readonly jwtSecrets: readonly JwtSecretConfig[];
}

export interface JwtSecretConfig {
  readonly key: string;
  readonly algorithm: 'RS256';
  readonly publicKey: KeyObject;
}
