import { compileDeclarativeConfig } from './config-loader';
import { configRefusal } from '../../test/support/config-refusal';

const service = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'task-service',
  host: 'task-service.upstream',
  port: 3003,
  routes: [{ name: 'task-api', paths: ['/api/v1/tasks'], strip_path: false }],
  ...extra,
});
const doc = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ _format_version: '3.0', services: [service()], ...extra });
const refusal = (input: unknown): string => configRefusal(() => compileDeclarativeConfig(input));

describe(compileDeclarativeConfig.name, () => {
  it('should fill in Kong defaults for services, routes and upstream health checks', () => {
    const config = compileDeclarativeConfig(
      doc({ upstreams: [{ name: 'task-service.upstream', targets: [{ target: 'task-service:3003' }, { target: 'other' }] }] }),
    );
    expect(config.services[0]).toMatchObject({ connectTimeoutMs: 60000, readTimeoutMs: 60000, writeTimeoutMs: 60000, retries: 5, path: undefined });
    expect(config.routes[0]).toMatchObject({ name: 'task-api', service: 'task-service', stripPath: false, preserveHost: false, methods: [] });
    expect(config.upstreams[0].targets).toEqual([
      { target: 'task-service:3003', host: 'task-service', port: 3003, weight: 100 },
      { target: 'other:8000', host: 'other', port: 8000, weight: 100 },
    ]);
    expect(config.upstreams[0].active.healthy.intervalMs).toBe(0);
  });

  it('should read a service url into host, port and path', () => {
    const config = compileDeclarativeConfig(doc({ services: [{ name: 's', url: 'http://example:81/base', routes: [{ name: 'r', paths: ['/x'] }] }] }));
    expect(config.services[0]).toMatchObject({ host: 'example', port: 81, path: '/base' });
  });

  it('should refuse an unknown plugin and name it', () => {
    expect(refusal(doc({ plugins: [{ name: 'key-auth' }] }))).toContain('plugin "key-auth": is not implemented');
  });

  it('should refuse an unsupported plugin field value and name the plugin and field', () => {
    const message = refusal(doc({ plugins: [{ name: 'rate-limiting', config: { minute: 5, policy: 'cluster', limit_by: 'ip' } }] }));
    expect(message).toContain('plugin "rate-limiting" config');
    expect(message).toContain('"policy" = "cluster"');
  });

  it('should refuse an unknown field of an accepted plugin', () => {
    expect(refusal(doc({ plugins: [{ name: 'cors', config: { origins: ['*'], foo: 1 } }] }))).toContain('plugin "cors" config: field "foo"');
  });

  it('should refuse the legacy flat redis fields of rate-limiting', () => {
    const message = refusal(doc({ plugins: [{ name: 'rate-limiting', config: { minute: 5, policy: 'redis', limit_by: 'ip', redis_host: 'redis' } }] }));
    expect(message).toContain('"redis_host"');
  });

  it("should keep an env-vault reference of rate-limiting's Redis user for the plugin to resolve, and refuse other vaults", () => {
    const redis = { host: 'r', username: '{vault://env/taskhub-gateway-redis-user}', password: 'literal' };
    const config = compileDeclarativeConfig(doc({ plugins: [{ name: 'rate-limiting', config: { minute: 5, policy: 'redis', limit_by: 'ip', redis } }] }));
    expect(config.plugins.rateLimiting?.redis).toMatchObject({ username: '{vault://env/taskhub-gateway-redis-user}', password: 'literal' });

    const aws = { ...redis, password: '{vault://aws/redis/password}' };
    expect(refusal(doc({ plugins: [{ name: 'rate-limiting', config: { minute: 5, policy: 'redis', limit_by: 'ip', redis: aws } }] }))).toContain(
      'field "password" = "{vault://aws/redis/password}": only references to the env vault ({vault://env/<name>}) are implemented',
    );
  });

  it('should accept regex route paths and their regex_priority', () => {
    const config = compileDeclarativeConfig(doc({ services: [service({ routes: [{ name: 'rx', paths: ['~/api/v1/\\d+$'], regex_priority: 5 }] })] }));
    expect(config.routes[0]).toMatchObject({ paths: ['~/api/v1/\\d+$'], regexPriority: 5 });
  });

  it('should refuse a regex path that does not compile, naming the route and the pattern', () => {
    const message = refusal(doc({ services: [service({ routes: [{ name: 'rx', paths: ['~/api/v1/(unclosed'] }] })] }));
    expect(message).toContain('route "rx": field "paths"');
    expect(message).toContain('"~/api/v1/(unclosed" is not a regex the local gateway can compile');
  });

  it('should refuse a regex path that does not start with "~/"', () => {
    expect(refusal(doc({ services: [service({ routes: [{ name: 'rx', paths: ['~api'] }] })] }))).toContain('does not start with "~/"');
  });

  it('should refuse entities it does not implement', () => {
    expect(refusal(doc({ certificates: [{ cert: 'x', key: 'y' }] }))).toContain('field "certificates" is not implemented');
  });

  it('should refuse unknown fields of services and upstreams', () => {
    expect(refusal(doc({ services: [service({ tls_verify: true })] }))).toContain('service "task-service": field "tls_verify"');
    expect(refusal(doc({ upstreams: [{ name: 'u', algorithm: 'least-connections' }] }))).toContain('upstream "u": field "algorithm"');
  });

  it('should refuse passive health checks that are switched on', () => {
    const upstream = { name: 'u', healthchecks: { passive: { unhealthy: { http_failures: 3 } } } };
    expect(refusal(doc({ upstreams: [upstream] }))).toContain('passive health checks');
  });

  it('should refuse consumer-scoped plugins, naming the plugin and the field', () => {
    expect(refusal(doc({ plugins: [{ name: 'cors', consumer: 'alice' }] }))).toContain('plugin "cors": field "consumer" consumer-scoped plugins are not implemented');
    expect(refusal(doc({ consumers: [{ username: 'alice', plugins: [{ name: 'cors' }] }] }))).toContain('consumer "alice": field "plugins"');
  });

  it('should refuse scoping a plugin that is implemented globally only', () => {
    const plugin = { name: 'rate-limiting', config: { minute: 5, limit_by: 'ip', policy: 'redis', redis: { host: 'r' } } };
    expect(refusal(doc({ services: [service({ plugins: [plugin] })] }))).toContain('plugin "rate-limiting": on service "task-service" is not implemented by the local gateway (only as a global plugin)');
  });

  it('should refuse a plugin configured twice on the same scope, and a reference to an unknown route', () => {
    const twice = service({ plugins: [{ name: 'cors' }], routes: [{ name: 'task-api', paths: ['/x'] }] });
    expect(refusal(doc({ services: [twice], plugins: [{ name: 'cors', service: 'task-service' }] }))).toContain('plugin "cors": is configured twice on service "task-service"');
    expect(refusal(doc({ plugins: [{ name: 'cors', route: 'ghost' }] }))).toContain('plugin "cors": field "route" refers to unknown route "ghost"');
  });

  it('should refuse a route that points at an unknown service', () => {
    expect(refusal(doc({ routes: [{ name: 'orphan', service: { name: 'ghost' }, paths: ['/x'] }] }))).toContain('unknown service "ghost"');
  });

  it('should convert request-size-limiting units to bytes', () => {
    const config = compileDeclarativeConfig(doc({ plugins: [{ name: 'request-size-limiting', config: { allowed_payload_size: 2, size_unit: 'kilobytes' } }] }));
    expect(config.plugins.requestSizeLimiting).toEqual({ allowedBytes: 2048, requireContentLength: false });
  });

  it('should refuse a rate limit whose longer period is lower than a shorter one, as Kong does', () => {
    const message = refusal(doc({ plugins: [{ name: 'rate-limiting', config: { second: 10, minute: 5, policy: 'redis', limit_by: 'ip', redis: { host: 'r' } } }] }));
    expect(message).toContain('minute cannot be lower than the limit for second');
  });

  it('should drop a plugin that is present but disabled', () => {
    expect(compileDeclarativeConfig(doc({ plugins: [{ name: 'cors', enabled: false }] })).plugins.cors).toBeUndefined();
  });
});
