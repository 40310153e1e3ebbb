import { compileDeclarativeConfig } from './config-loader';
import { ConfigError } from './config-error';
import { effectivePlugins } from './plugin-scopes';

const removing = (header: string): object => ({ name: 'request-transformer', config: { remove: { headers: [header] } } });
const sizeLimit = (kilobytes: number): object => ({ name: 'request-size-limiting', config: { allowed_payload_size: kilobytes, size_unit: 'kilobytes' } });

/** Two services; task-service has two routes, one of which overrides the plugin at route level. */
const config = compileDeclarativeConfig({
  _format_version: '3.0',
  services: [
    {
      name: 'task-service',
      host: 'task',
      plugins: [removing('X-Service-Level')],
      routes: [
        { name: 'tasks', paths: ['/tasks'], plugins: [removing('X-Route-Level')] },
        { name: 'projects', paths: ['/projects'] },
        { name: 'archive', paths: ['/archive'] },
      ],
    },
    { name: 'user-service', host: 'user', routes: [{ name: 'users', paths: ['/users'] }] },
  ],
  plugins: [
    removing('X-Global'),
    sizeLimit(1),
    { ...sizeLimit(8), route: 'projects' },
    { ...sizeLimit(16), route: 'archive', service: 'task-service' },
    { ...sizeLimit(32), route: 'archive' },
    { name: 'cors', service: 'user-service', enabled: false },
  ],
});
const route = (name: string) => config.routes.find((r) => r.name === name)!;

describe(effectivePlugins.name, () => {
  it('should take the route-level config over the service-level one over the global one, without merging them', () => {
    expect(effectivePlugins(config, route('tasks')).requestTransformer?.removeHeaders).toEqual(['x-route-level']);
    expect(effectivePlugins(config, route('projects')).requestTransformer?.removeHeaders).toEqual(['x-service-level']);
    expect(effectivePlugins(config, route('users')).requestTransformer?.removeHeaders).toEqual(['x-global']);
  });

  it('should resolve top-level plugins by their service/route references, route and service together first', () => {
    expect(effectivePlugins(config, route('tasks')).requestSizeLimiting?.allowedBytes).toBe(1024);
    expect(effectivePlugins(config, route('projects')).requestSizeLimiting?.allowedBytes).toBe(8 * 1024);
    expect(effectivePlugins(config, route('archive')).requestSizeLimiting?.allowedBytes).toBe(16 * 1024);
  });

  it('should let a disabled scoped plugin leave the others in force, as Kong only loads enabled ones', () => {
    expect(effectivePlugins(config, route('users')).cors).toBeUndefined();
    expect(effectivePlugins(config, route('users')).requestSizeLimiting?.allowedBytes).toBe(1024);
  });

  it('should refuse a request-transformer that removes the header correlation-id sets', () => {
    const build = (): unknown =>
      compileDeclarativeConfig({
        _format_version: '3.0',
        services: [{ name: 's', host: 'h', routes: [{ name: 'r', paths: ['/'], plugins: [removing('X-Request-ID')] }] }],
        plugins: [{ name: 'correlation-id', config: { header_name: 'X-Request-ID' } }],
      });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow('route "r" plugin "request-transformer" config: field "remove" removes X-Request-ID');
  });
});
