import { type JwtConfig } from '../config/gateway-config';
import { rsaPublicKey } from '../config/consumers-config';
import { b64url, generateSigningKey, nowSeconds, signHs256WithPublicKey, signToken, tamperedToken, unsignedToken } from '../../test/support/jwt-keys';
import { JwtCredentials } from './jwt-credentials';
import { type JwtOutcome, JwtPlugin } from './jwt.plugin';

const key = generateSigningKey('k1');
const other = generateSigningKey('k2');
const CONFIG: JwtConfig = {
  uriParamNames: [],
  cookieNames: [],
  headerNames: ['authorization'],
  keyClaimName: 'kid',
  claimsToVerify: ['exp'],
  maximumExpiration: 900,
  runOnPreflight: false,
};
const consumer = (keys: typeof key[]) => ({
  id: 'c0ffee00-0000-4000-8000-000000000000',
  username: 'taskhub-users',
  customId: 'taskhub-users',
  jwtSecrets: keys.map((k) => ({ key: k.kid, algorithm: 'RS256' as const, publicKey: rsaPublicKey(k.publicPem, k.kid) })),
});
const plugin = (config: Partial<JwtConfig> = {}, credentials = new JwtCredentials([consumer([key])])) => new JwtPlugin({ ...CONFIG, ...config }, credentials);
const bearer = (token: string) => ({ authorization: [`Bearer ${token}`] });
const access = async (p: JwtPlugin, headers: Record<string, string[]>, rawQuery = '', method = 'GET'): Promise<JwtOutcome> => p.access(method, { rawQuery, headers });

/** status and body as Kong would send them, or "authenticated"/"skipped"/"failed" */
async function answer(p: JwtPlugin, headers: Record<string, string[]>, rawQuery = '', method = 'GET'): Promise<string> {
  const outcome = await access(p, headers, rawQuery, method);
  return outcome.kind === 'rejected' ? `${outcome.error.status} ${outcome.error.body.toString()}` : outcome.kind;
}

describe(JwtPlugin.name, () => {
  it('should authenticate a valid RS256 token and name the consumer and credential for the upstream', async () => {
    const outcome = await access(plugin(), bearer(signToken(key)));
    expect(outcome.kind).toBe('authenticated');
    expect(outcome.kind === 'authenticated' && outcome.identity).toEqual([
      'X-Consumer-ID', 'c0ffee00-0000-4000-8000-000000000000',
      'X-Consumer-Custom-ID', 'taskhub-users',
      'X-Consumer-Username', 'taskhub-users',
      'X-Credential-Identifier', 'k1',
    ]);
    expect(await answer(plugin(), { authorization: [`bearer   ${signToken(key)}`] })).toBe('authenticated');
  });

  it("should answer Kong's 401 Unauthorized when no token is sent, or the header is not a bearer one", async () => {
    expect(await answer(plugin(), {})).toBe('401 {"message":"Unauthorized"}');
    expect(await answer(plugin(), { authorization: ['Basic dXNlcjpwYXNz'] })).toBe('401 {"message":"Unauthorized"}');
  });

  it('should refuse several different tokens, so none can ride along another, but accept the same token twice', async () => {
    const p = plugin({ cookieNames: ['session'], uriParamNames: ['jwt'] });
    const good = signToken(key);
    expect(await answer(p, { ...bearer(good), cookie: [`session=${signToken(key, { sub: 'someone-else' })}`] })).toBe('401 {"message":"Multiple tokens provided"}');
    expect(await answer(p, bearer(good), `jwt=${good}&jwt=${signToken(other)}`)).toBe('401 {"message":"Multiple tokens provided"}');
    expect(await answer(p, { ...bearer(good), cookie: [`session=${good}`] }, `jwt=${good}`)).toBe('authenticated');
    expect(await answer(p, {}, 'jwt')).toBe('401 {"message":"Unrecognizable token"}');
  });

  it('should refuse alg none and an unknown alg as bad tokens, and HS256 signed with the public key as the wrong algorithm', async () => {
    expect(await answer(plugin(), bearer(unsignedToken('k1')))).toBe('401 {"message":"Bad token; invalid alg"}');
    expect(await answer(plugin(), bearer('garbage'))).toBe('401 {"message":"Bad token; invalid JSON"}');
    expect(await answer(plugin(), bearer(signHs256WithPublicKey(key)))).toBe('401 {"message":"Invalid algorithm"}');
  });

  it('should refuse a tampered payload and a token signed by another key under this kid', async () => {
    expect(await answer(plugin(), bearer(tamperedToken(key, { sub: 'admin' })))).toBe('401 {"message":"Invalid signature"}');
    expect(await answer(plugin(), bearer(signToken({ ...other, kid: 'k1' })))).toBe('401 {"message":"Invalid signature"}');
  });

  it("should look the kid up in the claims first, then the JOSE header, and refuse a missing or empty one", async () => {
    expect(await answer(plugin(), bearer(signToken(key, {}, { kid: undefined })))).toBe(`401 {"message":"No mandatory 'kid' in claims"}`);
    expect(await answer(plugin(), bearer(signToken(key, {}, { kid: '' })))).toBe(`401 {"message":"Invalid 'kid' in claims"}`);
    expect(await answer(plugin(), bearer(signToken(key, { kid: 'k1' }, { kid: 'nope' })))).toBe('authenticated');
    expect(await answer(plugin(), bearer(signToken(key, { kid: 'nope' }, { kid: 'k1' })))).toBe(`401 {"message":"No credentials found for given 'kid'"}`);
  });

  it('should ask for a rescan once for an unknown kid and use a credential that appeared meanwhile', async () => {
    const credentials = new JwtCredentials([consumer([key])]);
    let rescans = 0;
    credentials.refreshForUnknownKey = () => {
      rescans++;
      credentials.replace([consumer([key, other])]);
      return Promise.resolve();
    };
    expect(await answer(plugin({}, credentials), bearer(signToken(other)))).toBe('authenticated');
    expect(await answer(plugin({}, credentials), bearer(signToken(generateSigningKey('k3'))))).toBe(`401 {"message":"No credentials found for given 'kid'"}`);
    expect(rescans).toBe(2);
  });

  it('should verify a token again once its kid names another key, however often it passed before', async () => {
    const credentials = new JwtCredentials([consumer([key])]);
    const p = plugin({}, credentials);
    const token = signToken(key);
    expect([await answer(p, bearer(token)), await answer(p, bearer(token))]).toEqual(['authenticated', 'authenticated']);
    credentials.replace([consumer([{ ...other, kid: 'k1' }])]);
    expect(await answer(p, bearer(token))).toBe('401 {"message":"Invalid signature"}');
  });

  it('should accept, as Kong does, a signature with text after its "=" padding, and remember it as the same token', async () => {
    const p = plugin();
    const token = signToken(key);
    const padded = `${token}${'='.repeat(4 - (token.length - token.lastIndexOf('.') - 1) % 4 || 4)}`;
    expect(await answer(p, bearer(`${padded}junk`))).toBe('authenticated');
    expect(await answer(p, bearer(`${padded}other-junk`))).toBe('authenticated');
    expect((p as unknown as { verified: Map<string, unknown> }).verified.size).toBe(1);
  });

  it("should refuse expired and not yet valid tokens with Kong's claim errors as the body", async () => {
    const p = plugin({ claimsToVerify: ['exp', 'nbf'], maximumExpiration: 0 });
    expect(await answer(p, bearer(signToken(key, { exp: nowSeconds() - 1, nbf: nowSeconds() - 60 })))).toBe('401 {"exp":"token expired"}');
    expect(await answer(p, bearer(signToken(key, { nbf: nowSeconds() + 60 })))).toBe('401 {"nbf":"token not valid yet"}');
    expect(await answer(p, bearer(signToken(key, { exp: 'soon' })))).toBe('401 {"exp":"must be a number","nbf":"must be a number"}');
  });

  it('should refuse an exp further away than maximum_expiration, measured from now, and accept one exactly at it', async () => {
    expect(await answer(plugin(), bearer(signToken(key, { exp: nowSeconds() + 1000 })))).toBe('401 {"exp":"exceeds maximum allowed expiration"}');
    expect(await answer(plugin(), bearer(signToken(key, { exp: nowSeconds() + 900 })))).toBe('authenticated');
    expect(await answer(plugin(), bearer(signToken(key, { iat: nowSeconds() - 3600, exp: nowSeconds() + 60 })))).toBe('authenticated');
  });

  it('should let OPTIONS through untouched without run_on_preflight, and authenticate it with run_on_preflight', async () => {
    expect(await answer(plugin(), {}, '', 'OPTIONS')).toBe('skipped');
    expect(await answer(plugin({ runOnPreflight: true }), {}, '', 'OPTIONS')).toBe('401 {"message":"Unauthorized"}');
  });

  it('should read tokens from the configured query parameters, cookies and headers only', async () => {
    const token = signToken(key);
    expect(await answer(plugin(), {}, `jwt=${token}`)).toBe('401 {"message":"Unauthorized"}');
    expect(await answer(plugin({ uriParamNames: ['jwt'] }), {}, `jwt=${token}`)).toBe('authenticated');
    expect(await answer(plugin({ cookieNames: ['session'] }), { cookie: [`a=b; SESSION=${token}`] })).toBe('authenticated');
    expect(await answer(plugin({ headerNames: ['x-token'] }), { 'x-token': [`Bearer ${token}`, 'Bearer second'] })).toBe('authenticated');
  });

  it('should fail like Kong (500) where its Lua raises: claims that are JSON null', async () => {
    const head = b64url(JSON.stringify({ alg: 'RS256', kid: 'k1' }));
    expect(await answer(plugin(), bearer(`${head}.${b64url('null')}.`))).toBe('failed');
  });
});
