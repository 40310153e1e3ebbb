import { request } from 'node:http';
import { join } from 'node:path';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { integrationEnv } from '@taskhub/platform-testing';
import { redisAddress, REPO_ROOT, startGateway, type StartedGateway, gatewayRedisUserEnv } from './support/gateway-harness';
import { generateSigningKey, keyDirectory, signToken } from './support/jwt-keys';
import { type EchoBody, StubUpstream } from './support/stub-upstream';

const KONG_YML = join(REPO_ROOT, 'kong/kong.yml');
const FORGED = { 'X-User-Id': 'admin', 'X-User-Roles': 'admin', 'X-Consumer-ID': 'forged', 'X-Consumer-Username': 'admin', 'X-Anonymous-Consumer': 'false' };
const IDENTITY = /^x-(user-|consumer-|credential-|anonymous-|authenticated-)/;

/** A GET with the path sent byte for byte (fetch would resolve dot segments itself). */
function rawStatus(url: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/`, { path }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** kong/kong.yml itself, every service behind one stub upstream: what an attacker reaches without a token. */
describe('kong/kong.yml authentication, black box', () => {
  const key = generateSigningKey('key-2026-01');
  let upstream: StubUpstream;
  let gw: StartedGateway;

  beforeAll(async () => {
    const env = integrationEnv();
    upstream = await StubUpstream.start('any-service');
    gw = await startGateway(KONG_YML, {
      GATEWAY_CONNECT_TO: [...SERVICE_CATALOG.map((s) => `${s.app}:${s.port}=127.0.0.1:${upstream.port}`), `redis:6379=${redisAddress(env.redisUrl)}`].join(','),
      GATEWAY_REDIS_KEY_PREFIX: `${env.redisKeyPrefix}kong-yml-auth-`,
      ...gatewayRedisUserEnv(env.redisUrl),
      JWT_PUBLIC_KEYS_DIR: keyDirectory(key),
      LOG_LEVEL: 'warn',
    });
  });

  afterAll(async () => {
    await gw.close();
    await upstream.close();
  });

  const call = async (path: string, headers: Record<string, string> = {}): Promise<{ status: number; upstreamHeaders?: EchoBody['headers'] }> => {
    const res = await fetch(`${gw.url}${path}`, { headers });
    const body = (await res.json()) as EchoBody;
    return res.status === 200 ? { status: 200, upstreamHeaders: body.headers } : { status: res.status };
  };

  it('should refuse every protected prefix of every service without a token, before any service sees it', async () => {
    const before = upstream.requests;
    for (const path of SERVICE_CATALOG.flatMap((s) => s.publicPaths)) {
      expect([path, (await call(`${path}/x`)).status]).toEqual([path, 401]);
      expect([path, (await call(path)).status]).toEqual([path, 401]);
    }
    // a prefix of a public endpoint that is not one of them, and dot segments out of a public path, stay protected
    expect((await call('/api/v1/auth/sessions')).status).toBe(401);
    expect((await call('/api/v1/auth/log')).status).toBe(401);
    for (const path of ['/api/v1/auth/login/../sessions', '/api/v1/auth/login/%2e%2e/%2E%2E/tasks/1', '/api/v1/auth/register//..//../users/me']) {
      expect([path, await rawStatus(gw.url, path)]).toEqual([path, 401]);
    }
    expect(upstream.requests).toBe(before);
  });

  it('should let the public auth endpoints through without a token, never with forged identity headers', async () => {
    for (const path of ['/api/v1/auth/login', '/api/v1/auth/register', '/api/v1/auth/.well-known/jwks.json']) {
      const res = await call(path, FORGED);
      expect([path, res.status]).toEqual([path, 200]);
      expect(Object.keys(res.upstreamHeaders!).filter((h) => IDENTITY.test(h))).toEqual([]);
    }
  });

  it('should pass a valid token to every service with the token but without any identity header', async () => {
    for (const path of SERVICE_CATALOG.flatMap((s) => s.publicPaths)) {
      const token = signToken(key);
      const res = await call(`${path}/x`, { Authorization: `Bearer ${token}`, ...FORGED });
      expect([path, res.status]).toEqual([path, 200]);
      expect(Object.keys(res.upstreamHeaders!).filter((h) => IDENTITY.test(h))).toEqual([]);
      expect(res.upstreamHeaders!.authorization).toBe(`Bearer ${token}`);
    }
  });
});
