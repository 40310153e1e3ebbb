import { effectivePlugins } from '../src/config/plugin-scopes';
import { startGateway, writeTempConfig, type StartedGateway } from './support/gateway-harness';
import { jwtPlugin, KONG_YML_JWT, removeHeaders } from './support/jwt-config';
import { generateSigningKey, keyDirectory, signToken } from './support/jwt-keys';
import { type EchoBody, StubUpstream } from './support/stub-upstream';

/**
 * task-service: service-level request-transformer and jwt; route `tasks` overrides both at route level, `projects`
 * inherits the service's, top-level `service:`/`route:` references set `archive`'s. user-service has only the globals.
 */
const CONFIG = {
  _format_version: '3.0',
  services: [
    {
      name: 'task-service',
      host: 'task-service.upstream',
      port: 3003,
      plugins: [removeHeaders(['X-Service-Level']), jwtPlugin()],
      routes: [
        { name: 'tasks', paths: ['/tasks'], plugins: [removeHeaders(['X-Route-Level']), jwtPlugin({ ...KONG_YML_JWT, header_names: ['x-access-token'] })] },
        { name: 'projects', paths: ['/projects'] },
        { name: 'archive', paths: ['/archive'] },
      ],
    },
    { name: 'user-service', host: 'user-service.upstream', port: 3002, routes: [{ name: 'users', paths: ['/users'] }] },
  ],
  upstreams: [
    { name: 'task-service.upstream', targets: [{ target: 'task-service:3003' }] },
    { name: 'user-service.upstream', targets: [{ target: 'user-service:3002' }] },
  ],
  consumers: [{ username: 'taskhub-users', custom_id: 'taskhub-users' }],
  plugins: [
    removeHeaders(['X-Global']),
    { ...removeHeaders(['X-Top-Level-Route']), route: 'archive' },
    { ...jwtPlugin({ ...KONG_YML_JWT, header_names: ['x-archive-token'] }), route: 'archive', service: 'task-service' },
  ],
};
const LEVELS = ['X-Global', 'X-Service-Level', 'X-Route-Level', 'X-Top-Level-Route'];

describe(`plugin scopes (${effectivePlugins.name})`, () => {
  const key = generateSigningKey('k1');
  let upstream: StubUpstream;
  let gw: StartedGateway;

  beforeAll(async () => {
    upstream = await StubUpstream.start('any');
    gw = await startGateway(writeTempConfig(CONFIG), {
      GATEWAY_CONNECT_TO: `task-service:3003=127.0.0.1:${upstream.port},user-service:3002=127.0.0.1:${upstream.port}`,
      JWT_PUBLIC_KEYS_DIR: keyDirectory(key),
    });
  });

  afterAll(async () => {
    await gw.close();
    await upstream.close();
  });

  /** which of the marker headers reached the upstream */
  async function kept(path: string, auth: Record<string, string>): Promise<string[]> {
    const res = await fetch(`${gw.url}${path}`, { headers: { ...auth, ...Object.fromEntries(LEVELS.map((h) => [h, '1'])) } });
    expect(res.status).toBe(200);
    const { headers } = (await res.json()) as EchoBody;
    return LEVELS.filter((h) => headers[h.toLowerCase()] !== undefined);
  }

  it('should run the route-level config instead of the service-level and global ones', async () => {
    expect(await kept('/tasks', { 'X-Access-Token': `Bearer ${signToken(key)}` })).toEqual(['X-Global', 'X-Service-Level', 'X-Top-Level-Route']);
    const res = await fetch(`${gw.url}/tasks`, { headers: { Authorization: `Bearer ${signToken(key)}` } });
    expect([res.status, await res.json()]).toEqual([401, { message: 'Unauthorized' }]);
  });

  it("should run the service-level config on a route without its own, instead of the global one", async () => {
    expect(await kept('/projects', { Authorization: `Bearer ${signToken(key)}` })).toEqual(['X-Global', 'X-Route-Level', 'X-Top-Level-Route']);
  });

  it('should apply top-level plugins by their route and service references, route and service together first', async () => {
    expect(await kept('/archive', { 'X-Archive-Token': `Bearer ${signToken(key)}` })).toEqual(['X-Global', 'X-Service-Level', 'X-Route-Level']);
  });

  it('should run only the global plugins on a service without scoped ones', async () => {
    expect(await kept('/users', {})).toEqual(['X-Service-Level', 'X-Route-Level', 'X-Top-Level-Route']);
  });
});
