import { keyIdsIn } from '@taskhub/platform-auth';
import { accessClaims, decodeToken, signHs256WithPublicKey, signRs256, tamperPayload, unsignedToken } from '@taskhub/platform-testing';
import { AuthHarness, bearer, type NewAccount } from './support/auth-harness';

/**
 * The auth service verifying tokens itself, as every service does behind the gateway (defence in depth: Kong's jwt
 * plugin checks neither `iss` nor `aud`, and knows nothing of logouts). Each forged token is refused with 401 and
 * changes nothing: it may not create an API key.
 */
describe('auth-service access-token verification', () => {
  let auth: AuthHarness;
  let victim: NewAccount;
  let kid: string;
  let validToken: string;

  beforeAll(async () => {
    auth = await AuthHarness.start({ label: 'auth_tokens' });
    const signedIn = await auth.signedIn('victim');
    victim = signedIn.account;
    validToken = signedIn.tokens.accessToken;
    [kid] = keyIdsIn(auth.keysDir, 'private');
  });

  afterAll(async () => {
    await auth?.close();
  });

  const keysOfVictim = async (): Promise<unknown[]> => (await auth.get<{ items: unknown[] }>('/api-keys', bearer(validToken))).body.items;

  const forged: [string, () => string, string][] = [
    ['alg: none', () => unsignedToken(kid, { payload: accessClaims(victim.id) }), 'AUTH.TOKEN_INVALID'],
    ['HS256 signed with the public key', () => signHs256WithPublicKey(auth.keysDir, kid, { payload: accessClaims(victim.id) }), 'AUTH.TOKEN_INVALID'],
    ['expired', () => signRs256(auth.keysDir, kid, { payload: accessClaims(victim.id, { iat: 1_700_000_000, exp: 1_700_000_900 }) }), 'AUTH.TOKEN_EXPIRED'],
    ['a wrong iss', () => signRs256(auth.keysDir, kid, { payload: accessClaims(victim.id, { iss: 'https://evil.example' }) }), 'AUTH.TOKEN_INVALID'],
    ['a wrong aud', () => signRs256(auth.keysDir, kid, { payload: accessClaims(victim.id, { aud: 'another-api' }) }), 'AUTH.TOKEN_INVALID'],
    ['a tampered payload (roles: admin)', () => tamperPayload(validToken, { roles: ['user', 'admin'] }), 'AUTH.TOKEN_INVALID'],
    ['a tampered payload (another sub)', () => tamperPayload(validToken, { sub: '0190f0f0-0000-7000-8000-000000000000' }), 'AUTH.TOKEN_INVALID'],
    ['an unknown kid', () => signRs256(auth.keysDir, kid, { header: { kid: 'no-such-key' }, payload: accessClaims(victim.id) }), 'AUTH.TOKEN_INVALID'],
    ['no kid', () => signRs256(auth.keysDir, kid, { header: { kid: undefined }, payload: accessClaims(victim.id) }), 'AUTH.TOKEN_INVALID'],
    ['a missing sid claim', () => signRs256(auth.keysDir, kid, { payload: accessClaims(victim.id, { sid: undefined }) }), 'AUTH.TOKEN_INVALID'],
    ['an unknown role', () => signRs256(auth.keysDir, kid, { payload: accessClaims(victim.id, { roles: ['root'] }) }), 'AUTH.TOKEN_INVALID'],
    ['an unknown scope', () => signRs256(auth.keysDir, kid, { payload: accessClaims(victim.id, { scope: 'read admin' }) }), 'AUTH.TOKEN_INVALID'],
    ['an empty scope', () => signRs256(auth.keysDir, kid, { payload: accessClaims(victim.id, { scope: '' }) }), 'AUTH.TOKEN_INVALID'],
    [
      "an API key's scope with the admin role",
      () => signRs256(auth.keysDir, kid, { payload: accessClaims(victim.id, { scope: 'read write', roles: ['user', 'admin'] }) }),
      'AUTH.TOKEN_INVALID',
    ],
    ['garbage', () => 'not.a.jwt', 'AUTH.TOKEN_INVALID'],
  ];

  it.each(forged)('should refuse a token with %s (401, WWW-Authenticate) and change nothing', async (_case, token, code) => {
    const before = await keysOfVictim();

    const me = await auth.get('/me', bearer(token()));
    const create = await auth.post('/api-keys', { name: 'stolen' }, bearer(token()));

    expect(me.status).toBe(401);
    expect(me.body).toMatchObject({ statusCode: 401, code, correlationId: expect.any(String) as unknown });
    expect(me.headers.get('www-authenticate')).toMatch(/^Bearer realm="taskhub", error="invalid_token"/);
    expect(create.status).toBe(401);
    expect(await keysOfVictim()).toEqual(before);
  });

  it('should accept a token the auth service signed, and take the identity from it, never from X-User-Id or X-Consumer-*', async () => {
    const intruder = await auth.register();

    const me = await auth.get('/me', { ...bearer(validToken), 'x-user-id': intruder.id, 'x-consumer-username': intruder.email, 'x-consumer-id': intruder.id });

    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: victim.id, email: victim.email });
    expect(decodeToken(validToken)).toMatchObject({
      header: { alg: 'RS256', typ: 'JWT', kid },
      payload: { iss: 'taskhub-auth', aud: 'taskhub-api', sub: victim.id, roles: ['user'] },
    });
  });

  it('should refuse a request with no token, but with a spoofed X-User-Id, as unauthenticated', async () => {
    const response = await auth.get('/me', { 'x-user-id': victim.id });

    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'AUTH.TOKEN_MISSING' });
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="taskhub"');
  });

  it('should keep a 15-minute access token with every required claim', () => {
    const { payload } = decodeToken(validToken);

    expect(Object.keys(payload).sort()).toEqual(['aud', 'email_verified', 'exp', 'iat', 'iss', 'jti', 'roles', 'sid', 'sub']);
    expect(Number(payload.exp) - Number(payload.iat)).toBe(900);
  });
});
