import { type RouteConfig } from '../config/gateway-config';
import { Router } from './router';

const route = (name: string, paths: string[], extra: Partial<RouteConfig> = {}): RouteConfig => ({
  name,
  id: undefined,
  service: 's',
  paths,
  regexPriority: 0,
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

  describe('regex paths', () => {
    it('should anchor a regex at the start of the path only, as Kong does', () => {
      const router = routerOf(route('rx', ['~/api/v1/items/\\d+']));
      expect(router.match('GET', undefined, '/api/v1/items/42/comments')?.target).toBe('rx');
      expect(router.match('GET', undefined, '/x/api/v1/items/42')).toBeUndefined();
      expect(router.match('GET', undefined, '/api/v1/items/abc')).toBeUndefined();
    });

    it('should match one exact path with $, and nothing under it', () => {
      const router = routerOf(route('login', ['~/api/v1/auth/login$']), route('auth', ['/api/v1/auth']));
      expect(router.match('POST', undefined, '/api/v1/auth/login')?.target).toBe('login');
      expect(router.match('POST', undefined, '/api/v1/auth/login/x')?.target).toBe('auth');
      expect(router.match('POST', undefined, '/api/v1/auth/login/')?.target).toBe('auth');
      expect(router.match('POST', undefined, '/api/v1/auth/loginx')?.target).toBe('auth');
    });

    it('should try regex paths before prefixes of any length, among routes with the same criteria', () => {
      const router = routerOf(route('long-prefix', ['/api/v1/items/42/comments']), route('rx', ['~/api/v1/items/\\d+']));
      expect(router.match('GET', undefined, '/api/v1/items/42/comments')?.target).toBe('rx');
    });

    it('should order regex paths by regex_priority, then by definition', () => {
      const first = routerOf(route('a', ['~/api/v1/.*']), route('b', ['~/api/v1/items']));
      expect(first.match('GET', undefined, '/api/v1/items')?.target).toBe('a');
      const prioritised = routerOf(route('a', ['~/api/v1/.*']), route('b', ['~/api/v1/items'], { regexPriority: 10 }));
      expect(prioritised.match('GET', undefined, '/api/v1/items')?.target).toBe('b');
    });

    it('should still prefer a route with more kinds of criteria to a regex', () => {
      const router = routerOf(route('rx', ['~/api/v1/items']), route('posts', ['/api'], { methods: ['POST'] }));
      expect(router.match('POST', undefined, '/api/v1/items')?.target).toBe('posts');
    });

    it('should report the matched part of the path, which strip_path removes', () => {
      const router = routerOf(route('rx', ['~/v(?<n>\\d+)/items']));
      expect(router.match('GET', undefined, '/v2/items/7')?.matchedPath).toBe('/v2/items');
    });
  });
});
