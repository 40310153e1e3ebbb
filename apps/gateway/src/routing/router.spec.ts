import { type RouteConfig } from '../config/gateway-config';
import { Router } from './router';

const route = (name: string, paths: string[], extra: Partial<RouteConfig> = {}): RouteConfig => ({
  name,
  id: undefined,
  service: 's',
  paths,
  methods: [],
  hosts: [],
  stripPath: true,
  preserveHost: false,
  ...extra,
});
const routerOf = (...routes: RouteConfig[]): Router<string> => new Router(routes.map((r) => ({ route: r, target: r.name })));

describe(Router.name, () => {
  it('should pick the longest matching prefix whatever the order of definition', () => {
    const router = routerOf(route('short', ['/api']), route('long', ['/api/v1/tasks']));
    expect(router.match('GET', undefined, '/api/v1/tasks/7')?.target).toBe('long');
    expect(router.match('GET', undefined, '/api/v1/users')?.target).toBe('short');
  });

  it('should match paths as plain prefixes like Kong', () => {
    const router = routerOf(route('tasks', ['/api/v1/tasks']));
    expect(router.match('GET', undefined, '/api/v1/tasksx')?.target).toBe('tasks');
    expect(router.match('GET', undefined, '/api/v1/task')).toBeUndefined();
  });

  it('should prefer a route with more kinds of criteria', () => {
    const router = routerOf(route('any', ['/api/v1/tasks/long/prefix']), route('posts', ['/api/v1/tasks'], { methods: ['POST'] }));
    expect(router.match('POST', undefined, '/api/v1/tasks/long/prefix')?.target).toBe('posts');
    expect(router.match('GET', undefined, '/api/v1/tasks/long/prefix')?.target).toBe('any');
  });

  it('should refuse a method the route does not allow', () => {
    const router = routerOf(route('gets', ['/x'], { methods: ['GET'] }));
    expect(router.match('DELETE', undefined, '/x')).toBeUndefined();
  });

  it('should match hosts exactly or by wildcard, ignoring the port', () => {
    const router = routerOf(route('api', ['/'], { hosts: ['api.example.com'] }), route('wild', ['/'], { hosts: ['*.example.org'] }));
    expect(router.match('GET', 'api.example.com:8000', '/')?.target).toBe('api');
    expect(router.match('GET', 'a.example.org', '/')?.target).toBe('wild');
    expect(router.match('GET', 'other.com', '/')).toBeUndefined();
  });

  it('should report which path matched', () => {
    const router = routerOf(route('task', ['/api/v1/projects', '/api/v1/tasks']));
    expect(router.match('GET', undefined, '/api/v1/tasks/1')?.matchedPath).toBe('/api/v1/tasks');
  });
});
