import { createHash } from 'node:crypto';
import { keyIdsIn, removeKeyPair, writeNewKeyPair } from '@taskhub/platform-auth';
import { accessClaims, decodeToken, signHs256WithPublicKey, signRs256, tamperPayload, unsignedToken, waitFor } from '@taskhub/platform-testing';
import { toService, viaGateway } from '../support/e2e-client';
import { callAuth, type E2eAccount, type E2eTokens, login, registerAccount, seenResponses } from '../support/e2e-auth';
import { stackInfo } from '../support/stack-info';

jest.setTimeout(120_000);

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The attacker's suite, through the gateway against the real stack: every attempt is refused with 401 (or the stated
 * status) and changes nothing. Kong's jwt plugin stops what it can see (signature, algorithm, kid, exp); the services
 * stop the rest (iss, aud, revoked sessions) — defence in depth, both layers exercised.
 */
describe('security through the gateway', () => {
  let victim: E2eAccount;
  let tokens: E2eTokens;
  let kid: string;

  const keysDir = (): string => stackInfo().jwtKeysDir;
  /** What the victim's account holds that an attacker might try to change: its API keys. */
  const victimKeys = async (): Promise<string> => (await callAuth('GET', '/api-keys', { token: tokens.accessToken })).text;

  beforeAll(async () => {
    victim = await registerAccount('victim');
    tokens = await login(victim);
    kid = String(decodeToken(tokens.accessToken).header.kid);
  });

  const forged: [string, () => string, number, Record<string, unknown>][] = [
    ['alg: none', () => unsignedToken(kid, { payload: accessClaims(victim.id) }), 401, { message: 'Bad token; invalid alg' }],
    ['HS256 signed with the public key', () => signHs256WithPublicKey(keysDir(), kid, { payload: accessClaims(victim.id) }), 401, { message: 'Invalid algorithm' }],
    ['an expired token', () => signRs256(keysDir(), kid, { payload: accessClaims(victim.id, { exp: Math.floor(Date.now() / 1000) - 60 }) }), 401, { exp: 'token expired' }],
    ['a tampered payload', () => tamperPayload(tokens.accessToken, { roles: ['user', 'admin'] }), 401, { message: 'Invalid signature' }],
    ['an unknown kid', () => signRs256(keysDir(), kid, { header: { kid: 'attacker-key' }, payload: accessClaims(victim.id) }), 401, { message: "No credentials found for given 'kid'" }],
    // valid signature and exp: Kong lets these through, the service refuses them
    ['a wrong iss', () => signRs256(keysDir(), kid, { payload: accessClaims(victim.id, { iss: 'https://evil.example' }) }), 401, { code: 'AUTH.TOKEN_INVALID' }],
    ['a wrong aud', () => signRs256(keysDir(), kid, { payload: accessClaims(victim.id, { aud: 'some-other-api' }) }), 401, { code: 'AUTH.TOKEN_INVALID' }],
  ];

  it.each(forged)('should refuse %s and change nothing', async (_case, token, status, body) => {
    const before = await victimKeys();

    const me = await callAuth('GET', '/me', { token: token() });
    const create = await callAuth('POST', '/api-keys', { token: token(), body: { name: 'backdoor' } });

    expect(me.status).toBe(status);
    expect(me.json()).toMatchObject(body);
    expect(create.status).toBe(status);
    expect(await victimKeys()).toBe(before);
  });

  it('should refuse an access token after logout, though Kong still sees a valid signature', async () => {
    const session = await login(victim);
    expect((await callAuth('GET', '/me', { token: session.accessToken })).status).toBe(200);

    expect((await callAuth('POST', '/logout', { token: session.accessToken })).status).toBe(204);

    const after = await callAuth('GET', '/me', { token: session.accessToken });
    expect(after.status).toBe(401);
    expect(after.json()).toMatchObject({ code: 'AUTH.SESSION_ENDED' });
    expect((await callAuth('POST', '/api-keys', { token: session.accessToken, body: { name: 'after logout' } })).status).toBe(401);
  });

  it("should hold an API key's token to its scopes in every service, without the admin role, and keep it off key management", async () => {
    const session = await login(victim);
    const created = await callAuth('POST', '/api-keys', { token: session.accessToken, body: { name: 'reader', scopes: ['read'] } });
    const { accessToken } = (await callAuth('POST', '/token', { body: { apiKey: created.json<{ key: string }>().key } })).json<{ accessToken: string }>();
    const asKey = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };

    const reads = [await viaGateway('/api/v1/auth/me', { headers: asKey }), await viaGateway('/api/v1/projects', { headers: asKey })];
    const writes = [
      await viaGateway('/api/v1/users/me', { method: 'PATCH', headers: asKey, body: JSON.stringify({ displayName: 'Scripted' }) }),
      await viaGateway('/api/v1/projects', { method: 'POST', headers: asKey, body: JSON.stringify({ name: 'Scripted', key: 'SCR' }) }),
    ];
    const keyManagement = await callAuth('POST', '/api-keys', { token: accessToken, body: { name: 'another' } });

    expect(created.status).toBe(201);
    expect(decodeToken(accessToken).payload).toMatchObject({ roles: ['user'], scope: 'read' });
    expect(reads.map((r) => r.status)).toEqual([200, 200]);
    expect(writes.map((w) => [w.status, w.json().code])).toEqual([
      [403, 'AUTH.INSUFFICIENT_SCOPE'],
      [403, 'AUTH.INSUFFICIENT_SCOPE'],
    ]);
    expect(keyManagement.status).toBe(403);
    expect(keyManagement.json()).toMatchObject({ code: 'AUTH.LOGIN_SESSION_REQUIRED' });
  });

  it('should refuse a reused refresh token and then kill the whole family', async () => {
    const session = await login(victim);
    const rotated = (await callAuth('POST', '/refresh', { body: { refreshToken: session.refreshToken } })).json<E2eTokens>();

    const reuse = await callAuth('POST', '/refresh', { body: { refreshToken: session.refreshToken } });

    expect(reuse.status).toBe(401);
    expect(reuse.json()).toMatchObject({ code: 'AUTH.REFRESH_TOKEN_REUSED' });
    expect((await callAuth('POST', '/refresh', { body: { refreshToken: rotated.refreshToken } })).status).toBe(401);
    expect((await callAuth('GET', '/me', { token: rotated.accessToken })).status).toBe(401);
  });

  it('should take the identity from the token, never from a spoofed X-User-Id or X-Consumer-* header', async () => {
    const intruder = await registerAccount('intruder');
    const spoof = { 'x-user-id': victim.id, 'x-consumer-username': victim.email, 'x-consumer-id': victim.id, 'x-authenticated-userid': victim.id };
    const intruderToken = (await login(intruder)).accessToken;

    const asIntruder = await callAuth('GET', '/me', { token: intruderToken, headers: spoof });
    const anonymous = await callAuth('GET', '/me', { headers: spoof });

    expect(asIntruder.json()).toMatchObject({ id: intruder.id, email: intruder.email });
    expect(anonymous.status).toBe(401);
  });

  it('should refuse a role in the registration and create no account', async () => {
    const email = `mallory-${Date.now()}@example.com`;
    const response = await callAuth('POST', '/register', { body: { email, password: 'quiet violet harbour 77', displayName: 'Mallory', roles: ['admin'] } });

    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED' });
    expect((await callAuth('POST', '/login', { body: { email, password: 'quiet violet harbour 77' } })).status).toBe(401);
  });

  it('should stop brute force on an account with 429 and Retry-After, even for the right password', async () => {
    const target = await registerAccount('target');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await callAuth('POST', '/login', { body: { email: target.email, password: `guess number ${i}` } })).status);

    const blocked = await callAuth('POST', '/login', { body: { email: target.email, password: target.password } });

    expect(statuses).toEqual(Array(10).fill(401));
    expect(blocked.status).toBe(429);
    expect(blocked.json()).toMatchObject({ code: 'AUTH.TOO_MANY_ATTEMPTS' });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('should answer an unknown e-mail and a wrong password alike: status, body and, within noise, time', async () => {
    const account = await registerAccount('enum');
    const attempt = async (email: string): Promise<{ status: number; body: Record<string, unknown>; ms: number }> => {
      const started = performance.now();
      const response = await callAuth('POST', '/login', { body: { email, password: 'definitely not it' } });
      const { correlationId: _id, ...body } = response.json();
      return { status: response.status, body, ms: performance.now() - started };
    };
    await attempt('warm-up@example.com');
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 9; i++) {
      const a = await attempt(account.email);
      const b = await attempt(`nobody-${i}-${account.id}@example.com`);
      expect([a.status, b.status]).toEqual([401, 401]);
      expect(b.body).toEqual(a.body);
      wrong.push(a.ms);
      unknown.push(b.ms);
    }

    expect(Math.abs(median(wrong) - median(unknown))).toBeLessThan(0.3 * Math.max(median(wrong), median(unknown)));
  });

  it('should keep old-key tokens working after a rotation until the old key is retired, then refuse them', async () => {
    const oldKid = kid;
    const oldToken = (await login(victim)).accessToken;
    const newKid = writeNewKeyPair(keysDir(), new Date(Date.now() + 1000), 2048);

    const newToken = await waitFor(
      async () => {
        const token = (await login(victim)).accessToken;
        return decodeToken(token).header.kid === newKid ? token : undefined;
      },
      { description: 'the auth service signing with the new key', timeoutMs: 30_000 },
    );
    expect((await callAuth('GET', '/me', { token: newToken })).status).toBe(200);
    expect((await callAuth('GET', '/me', { token: oldToken })).status).toBe(200);
    const jwks = (await callAuth('GET', '/.well-known/jwks.json')).json<{ keys: { kid: string }[] }>();
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));

    removeKeyPair(keysDir(), oldKid);

    // both layers drop the key once they have rescanned the folder: Kong's answer, then the service's own
    await waitFor(
      async () => ((await callAuth('GET', '/me', { token: oldToken })).text.includes("No credentials found for given 'kid'") ? true : undefined),
      { description: 'the gateway refusing the retired key', timeoutMs: 30_000 },
    );
    const direct = await waitFor(
      async () => {
        const response = await toService('auth', '/api/v1/auth/me', { headers: { authorization: `Bearer ${oldToken}` } });
        return response.status === 401 ? response : undefined;
      },
      { description: 'the auth service refusing the retired key', timeoutMs: 30_000 },
    );
    expect(direct.json()).toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
    expect((await callAuth('GET', '/me', { token: newToken })).status).toBe(200);
    expect(keyIdsIn(keysDir(), 'private')).toEqual([newKid]);
  });

  it('should never answer with a password hash or a refresh-token hash', async () => {
    const session = await login(victim);
    await callAuth('POST', '/refresh', { body: { refreshToken: session.refreshToken } });
    const everything = seenResponses.join('\n');
    const hashes = [session.refreshToken, tokens.refreshToken].flatMap((t) => {
      const digest = createHash('sha256').update(t).digest();
      return [digest.toString('hex'), digest.toString('base64'), digest.toString('base64url')];
    });

    expect(seenResponses.length).toBeGreaterThan(30);
    expect(everything).not.toMatch(/\$argon2/);
    expect(everything).not.toMatch(/password_?hash|token_?hash|key_?hash/i);
    for (const hash of hashes) expect(everything).not.toContain(hash);
  });
});
