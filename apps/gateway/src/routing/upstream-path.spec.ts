import { normalizePath, upstreamPath } from './upstream-path';

describe(upstreamPath.name, () => {
  // Kong's path_handling v0 table (docs: "Route path handling")
  it.each([
    ['/s', '/fv0', '/fv0req', false, '/s/fv0req'],
    ['/s', '/fv0', '/fv0', false, '/s/fv0'],
    ['/s', '/tv0', '/tv0req', true, '/s/req'],
    ['/s', '/tv0', '/tv0', true, '/s'],
    ['/s', '/fv0/', '/fv0/req', false, '/s/fv0/req'],
    ['/s', '/tv0/', '/tv0/req', true, '/s/req'],
    ['/s', '/tv0/', '/tv0/', true, '/s/'],
    [undefined, '/api/v1/tasks', '/api/v1/tasks/7', false, '/api/v1/tasks/7'],
    [undefined, '/api', '/api/v1/tasks', true, '/v1/tasks'],
    [undefined, '/api', '/api', true, '/'],
    ['/base/', '/api', '/api/x', true, '/base/x'],
  ])('should map service path %s, route %s, request %s (strip %s) to %s', (servicePath, prefix, request, strip, expected) => {
    expect(upstreamPath(servicePath, request, prefix, strip)).toBe(expected);
  });
});

describe(normalizePath.name, () => {
  it('should leave ordinary paths untouched', () => {
    expect(normalizePath('/api/v1/tasks/7')).toBe('/api/v1/tasks/7');
  });

  it('should resolve dot segments and decode unreserved characters before routing', () => {
    expect(normalizePath('/api/v1/tasks/../auth/login')).toBe('/api/v1/auth/login');
    expect(normalizePath('/api/v1/%74asks')).toBe('/api/v1/tasks');
    expect(normalizePath('/api//v1/./tasks/')).toBe('/api/v1/tasks/');
    expect(normalizePath('/a%2Fb')).toBe('/a%2Fb');
  });
});
