import { ConfigError } from './config-error';
import { type Fields } from './fields';
import {
  type CorrelationIdConfig,
  type CorsConfig,
  type PrometheusConfig,
  type RateLimitingConfig,
  type RateLimitPeriod,
  type RequestSizeLimitingConfig,
} from './gateway-config';

const HTTP_METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'];
export const RATE_LIMIT_PERIODS: readonly RateLimitPeriod[] = ['second', 'minute', 'hour', 'day', 'month', 'year'];
const SIZE_UNITS = { bytes: 1, kilobytes: 1024, megabytes: 1024 * 1024 } as const;
/** a plain origin: scheme://host[:port]; anything else would be treated by Kong as a regex, which is not implemented */
const PLAIN_ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/;

export function correlationIdConfig(c: Fields): CorrelationIdConfig {
  const config: CorrelationIdConfig = {
    headerName: c.string('header_name', 'Kong-Request-ID'),
    generator: c.oneOf('generator', ['uuid', 'uuid#counter'], 'uuid#counter'),
    echoDownstream: c.boolean('echo_downstream', false),
  };
  c.done();
  return config;
}

export function corsConfig(c: Fields): CorsConfig {
  const origins = c.stringArray('origins') ?? [];
  for (const origin of origins) {
    if (origin !== '*' && !PLAIN_ORIGIN.test(origin)) {
      c.fail('origins', `entry "${origin}" is not "*" or a plain scheme://host[:port] origin (regex origins are not implemented)`);
    }
  }
  if (origins.includes('*') && origins.length > 1) c.fail('origins', 'mixes "*" with explicit origins');
  const methods = c.stringArray('methods') ?? HTTP_METHODS;
  for (const method of methods) if (!HTTP_METHODS.includes(method)) c.fail('methods', `contains unknown method "${method}"`);
  const config: CorsConfig = {
    origins,
    methods,
    headers: c.stringArray('headers') ?? [],
    exposedHeaders: c.stringArray('exposed_headers') ?? [],
    maxAge: c.optionalNumber('max_age'),
    credentials: c.boolean('credentials', false),
    privateNetwork: c.boolean('private_network', false),
    preflightContinue: c.boolean('preflight_continue', false),
    allowOriginAbsent: c.boolean('allow_origin_absent', true),
  };
  c.done();
  return config;
}

export function requestSizeLimitingConfig(c: Fields): RequestSizeLimitingConfig {
  const size = c.number('allowed_payload_size', 128, { integer: true, min: 0 });
  const unit = c.oneOf('size_unit', ['bytes', 'kilobytes', 'megabytes'], 'megabytes');
  const config: RequestSizeLimitingConfig = {
    allowedBytes: size * SIZE_UNITS[unit],
    requireContentLength: c.boolean('require_content_length', false),
  };
  c.done();
  return config;
}

export function rateLimitingConfig(c: Fields): RateLimitingConfig {
  const limits: { period: RateLimitPeriod; limit: number }[] = [];
  for (const period of RATE_LIMIT_PERIODS) {
    const limit = c.optionalNumber(period, { gt: 0 });
    if (limit !== undefined) limits.push({ period, limit });
  }
  if (limits.length === 0) throw new ConfigError(c.where, `at least one of ${RATE_LIMIT_PERIODS.join(', ')} is required`);
  for (let i = 0; i < limits.length; i++) {
    for (let j = i + 1; j < limits.length; j++) {
      if (limits[j].limit < limits[i].limit) {
        throw new ConfigError(c.where, `the limit for ${limits[j].period} cannot be lower than the limit for ${limits[i].period}`);
      }
    }
  }
  c.oneOf('limit_by', ['ip'], 'consumer' as 'ip');
  c.oneOf('policy', ['redis'], 'local' as 'redis');
  c.only('sync_rate', [-1], 'other than -1 (synchronous counters) is not implemented');
  c.refuse('header_name', 'is only used by limit_by: header, which is not implemented');
  c.refuse('path', 'is only used by limit_by: path, which is not implemented');
  for (const legacy of ['redis_host', 'redis_port', 'redis_password', 'redis_username', 'redis_timeout', 'redis_database', 'redis_ssl', 'redis_ssl_verify', 'redis_server_name']) {
    c.refuse(legacy, `is the pre-3.6 flat form; nest it as config.redis.${legacy.slice('redis_'.length)}`);
  }
  const redis = c.object('redis');
  if (!redis) c.fail('redis', 'is required with policy: redis');
  const redisConfig = {
    host: redis.requiredString('host'),
    port: redis.number('port', 6379, { integer: true, min: 1, max: 65535 }),
    timeoutMs: redis.number('timeout', 2000, { integer: true, min: 0 }),
    database: redis.number('database', 0, { integer: true, min: 0 }),
    username: redis.referenceable('username'),
    password: redis.referenceable('password'),
  };
  redis.only('ssl', [false], 'TLS to Redis is not implemented');
  redis.metadata('ssl_verify'); // only meaningful with ssl, which must be false
  redis.refuse('server_name', 'is only used with ssl, which is not implemented');
  redis.refuse('cloud_authentication', 'is not implemented');
  redis.done();
  const config: RateLimitingConfig = {
    limits,
    faultTolerant: c.boolean('fault_tolerant', true),
    hideClientHeaders: c.boolean('hide_client_headers', false),
    errorCode: c.number('error_code', 429, { integer: true, min: 100, max: 599 }),
    errorMessage: c.string('error_message', 'API rate limit exceeded'),
    redis: redisConfig,
  };
  c.done();
  return config;
}

export function prometheusConfig(c: Fields): PrometheusConfig {
  c.only('per_consumer', [false], 'is not implemented (no per-consumer series)');
  c.only('ai_metrics', [false], 'is not implemented');
  c.only('wasm_metrics', [false], 'is not implemented');
  const config: PrometheusConfig = {
    statusCodeMetrics: c.boolean('status_code_metrics', false),
    latencyMetrics: c.boolean('latency_metrics', false),
    bandwidthMetrics: c.boolean('bandwidth_metrics', false),
    upstreamHealthMetrics: c.boolean('upstream_health_metrics', false),
  };
  c.done();
  return config;
}
