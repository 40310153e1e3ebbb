/** Declarative documents for gateway tests: small, with only what a test needs; services point at stub upstreams. */
export interface TestConfigOptions {
  readonly targets?: readonly { readonly target: string; readonly weight?: number }[];
  readonly healthchecks?: object;
  readonly plugins?: readonly object[];
  readonly retries?: number;
  readonly extraRoutes?: readonly object[];
}

export function testConfig(options: TestConfigOptions = {}): object {
  return {
    _format_version: '3.0',
    services: [
      {
        name: 'task-service',
        host: 'task-service.upstream',
        port: 3003,
        connect_timeout: 1000,
        read_timeout: 5000,
        write_timeout: 5000,
        retries: options.retries ?? 3,
        routes: [
          { name: 'task-api', paths: ['/api/v1/projects', '/api/v1/tasks'], strip_path: false },
          { name: 'task-stripped', paths: ['/legacy/tasks'], strip_path: true, methods: ['GET'] },
          ...(options.extraRoutes ?? []),
        ],
      },
    ],
    upstreams: [
      {
        name: 'task-service.upstream',
        algorithm: 'round-robin',
        ...(options.healthchecks ? { healthchecks: options.healthchecks } : {}),
        targets: options.targets ?? [{ target: 'task-service:3003' }],
      },
    ],
    plugins: options.plugins ?? [],
  };
}

export const CORRELATION_ID = { name: 'correlation-id', config: { header_name: 'X-Request-ID', generator: 'uuid', echo_downstream: true } };

export const CORS = {
  name: 'cors',
  config: {
    origins: ['http://localhost:3000', 'http://localhost:5173'],
    methods: ['GET', 'POST'],
    headers: ['Authorization', 'Content-Type', 'X-Request-ID'],
    exposed_headers: ['X-Request-ID'],
    max_age: 600,
  },
};

export const SIZE_LIMIT = { name: 'request-size-limiting', config: { allowed_payload_size: 1, size_unit: 'kilobytes' } };

export function rateLimit(minute: number, faultTolerant = true): object {
  return {
    name: 'rate-limiting',
    config: { minute, limit_by: 'ip', policy: 'redis', fault_tolerant: faultTolerant, redis: { host: 'redis', port: 6379, timeout: 300 } },
  };
}

export const PROMETHEUS = {
  name: 'prometheus',
  config: { status_code_metrics: true, latency_metrics: true, bandwidth_metrics: true, upstream_health_metrics: true },
};
