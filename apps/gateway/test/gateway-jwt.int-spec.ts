import { kongConsumerId } from '../src/config/consumers-config';
import { JwtPlugin } from '../src/jwt/jwt.plugin';
import { startGateway, writeTempConfig, type StartedGateway } from './support/gateway-harness';
import { jwtTestConfig } from './support/jwt-config';
import {
  generateSigningKey,
  keyDirectory,
  nowSeconds,
  signHs256WithPublicKey,
  signToken,
  tamperedToken,
  unsignedToken,
} from './support/jwt-keys';
import { type EchoBody, StubUpstream } from './support/stub-upstream';
import { CORRELATION_ID, CORS } from './support/test-config';

const FORGED = {
  'X-User-Id': 'admin',
  'X-User-Roles': 'admin',
  'X-Consumer-ID': 'forged-consumer',
  'X-Consumer-Username': 'admin',
  'X-Credential-Identifier': 'forged-key',
  'X-Anonymous-Consumer': 'false',
  'X-Authenticated-Userid': 'admin',
};

describe(`${JwtPlugin.name} through the gateway`, () => {
  const key = generateSigningKey('key-2026-01');
  let upstream: StubUpstream;
  let gw: StartedGateway;

  beforeAll(async () => {
    upstream = await StubUpstream.start('task-a');
    gw = await startGateway(writeTempConfig(jwtTestConfig([CORRELATION_ID, CORS])), {
      GATEWAY_CONNECT_TO: `task-service:3003=127.0.0.1:${upstream.port}`,
      JWT_PUBLIC_KEYS_DIR: keyDirectory(key),
    });
  });

  afterAll(async () => {
    await gw.close();
    await upstream.close();
  });

  /** The gateway's status and raw body, asserting the upstream never saw the request. */
  async function refused(path: string, headers: Record<string, string>): Promise<[number, string, Headers]> {
    const before = upstream.requests;
    const res = await fetch(`${gw.url}${path}`, { headers });
    const body = await res.text();
    expect(upstream.requests).toBe(before);
    return [res.status, body, res.headers];
  }
  const answer = async (path: string, headers: Record<string, string>): Promise<[number, unknown]> => {
    const [status, body] = await refused(path, headers);
    return [status, JSON.parse(body)];
  };
  const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

  it("should refuse a request without a token with Kong's 401, correlation id and CORS headers, before the upstream", async () => {
    const [status, body, headers] = await refused('/api/v1/tasks/42', { Origin: 'http://localhost:3000' });
    expect([status, body]).toEqual([401, '{"message":"Unauthorized"}']);
    expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('should refuse alg none', async () => {
    expect(await answer('/api/v1/tasks/42', bearer(unsignedToken(key.kid)))).toEqual([401, { message: 'Bad token; invalid alg' }]);
  });

  it('should refuse an HS256 token signed with the public key as the HMAC secret', async () => {
    expect(await answer('/api/v1/tasks/42', bearer(signHs256WithPublicKey(key)))).toEqual([401, { message: 'Invalid algorithm' }]);
  });

  it('should refuse an expired token', async () => {
    const token = signToken(key, { exp: nowSeconds() - 1 });
    expect(await answer('/api/v1/tasks/42', bearer(token))).toEqual([401, { exp: 'token expired' }]);
  });

  it('should refuse a token whose exp is further away than maximum_expiration', async () => {
    const token = signToken(key, { exp: nowSeconds() + 24 * 3600 });
    expect(await answer('/api/v1/tasks/42', bearer(token))).toEqual([401, { exp: 'exceeds maximum allowed expiration' }]);
  });

  it('should refuse a token whose payload was changed after signing', async () => {
    const token = tamperedToken(key, { sub: 'admin', roles: ['admin'] });
    expect(await answer('/api/v1/tasks/42', bearer(token))).toEqual([401, { message: 'Invalid signature' }]);
  });

  it('should refuse a token naming a key the gateway does not have', async () => {
    const token = signToken(generateSigningKey('someone-elses-key'));
    expect(await answer('/api/v1/tasks/42', bearer(token))).toEqual([401, { message: "No credentials found for given 'kid'" }]);
  });

  it('should refuse two different tokens sent together, one of them valid', async () => {
    const headers = { ...bearer(signToken(key)), 'X-Access-Token': `Bearer ${signToken(key, { sub: 'victim' })}` };
    expect(await answer('/api/v1/multi', headers)).toEqual([401, { message: 'Multiple tokens provided' }]);
    const withCookie = { ...bearer(signToken(key)), Cookie: `session=${signToken(key, { sub: 'victim' })}` };
    expect(await answer('/api/v1/multi', withCookie)).toEqual([401, { message: 'Multiple tokens provided' }]);
  });

  it("should pass a valid token and send Kong's consumer headers upstream instead of the client's forged ones", async () => {
    const token = signToken(key);
    const res = await fetch(`${gw.url}/api/v1/tasks/42`, { headers: { ...bearer(token), ...FORGED } });
    expect(res.status).toBe(200);
    const { headers } = (await res.json()) as EchoBody;
    expect(headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'x-consumer-id': kongConsumerId('taskhub-users'),
      'x-consumer-custom-id': 'taskhub-users',
      'x-consumer-username': 'taskhub-users',
      'x-credential-identifier': key.kid,
    });
    expect(headers['x-anonymous-consumer']).toBeUndefined();
  });

  it('should remove every identity header on a protected route that strips them, whoever set it', async () => {
    const res = await fetch(`${gw.url}/api/v1/projects/7`, { headers: { ...bearer(signToken(key)), ...FORGED } });
    expect(res.status).toBe(200);
    const { headers } = (await res.json()) as EchoBody;
    expect(Object.keys(headers).filter((h) => /^x-(user|consumer|credential|anonymous|authenticated)/.test(h))).toEqual([]);
    expect(headers.authorization).toMatch(/^Bearer /);
  });

  it('should reach a public route without a token, but never with forged identity headers', async () => {
    const res = await fetch(`${gw.url}/api/v1/auth/login`, { method: 'POST', headers: FORGED });
    expect(res.status).toBe(200);
    const { headers } = (await res.json()) as EchoBody;
    expect(Object.keys(headers).filter((h) => /^x-(user|consumer|credential|anonymous|authenticated)/.test(h))).toEqual([]);
  });

  it('should answer a CORS preflight itself before jwt runs, and let a plain OPTIONS through as Kong does with run_on_preflight off', async () => {
    const before = upstream.requests;
    const preflight = await fetch(`${gw.url}/api/v1/tasks`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(200);
    expect(upstream.requests).toBe(before);
    const options = await fetch(`${gw.url}/api/v1/tasks`, { method: 'OPTIONS' });
    expect(options.status).toBe(200);
    expect(upstream.requests).toBe(before + 1);
  });
});
