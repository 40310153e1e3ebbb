import { type AccessTokenClaims, claimProblems, parseScope, toAuthenticatedUser } from './access-token-claims';
import { keyIdOfToken } from './access-token.strategy';

const valid = {
  sub: '0190f0f0-0000-7000-8000-000000000001',
  exp: 2_000_000_000,
  iat: 1_999_999_100,
  jti: 'a',
  sid: '0190f0f0-0000-7000-8000-000000000002',
  roles: ['user'],
};

describe(claimProblems.name, () => {
  it('should accept a complete payload', () => {
    expect(claimProblems(valid)).toEqual([]);
  });

  it.each([
    ['sub', { sub: 'alice' }],
    ['exp', { exp: undefined }],
    ['iat', { iat: '1' }],
    ['jti', { jti: '' }],
    ['sid', { sid: undefined }],
    ['roles', { roles: [] }],
    ['roles', { roles: ['user', 'root'] }],
    ['roles', { roles: 'admin' }],
    ['scope', { scope: '' }],
    ['scope', { scope: 'read admin' }],
    ['scope', { scope: 'read read' }],
    ['scope', { scope: 'read  write' }],
    ['scope', { scope: ['read'] }],
    ['scope', { scope: null }],
    ['roles', { scope: 'read', roles: ['user', 'admin'] }],
    ['email_verified', { email_verified: 'true' }],
    ['email_verified', { email_verified: null }],
  ])('should name %s when it is missing or malformed', (claim, change) => {
    expect(claimProblems({ ...valid, ...change })).toEqual([claim]);
  });

  it("should accept an API key's token with its scopes and without the admin role", () => {
    expect(claimProblems({ ...valid, scope: 'read' })).toEqual([]);
    expect(claimProblems({ ...valid, scope: 'write read' })).toEqual([]);
  });
});

describe(parseScope.name, () => {
  it.each([
    ['read', ['read']],
    ['read write', ['read', 'write']],
    ['', undefined],
    ['read admin', undefined],
    [42, undefined],
  ])('should read %p as %p', (value, scopes) => {
    expect(parseScope(value)).toEqual(scopes);
  });
});

describe(toAuthenticatedUser.name, () => {
  it("should make a token without a scope a login session's, holding every scope", () => {
    expect(toAuthenticatedUser(valid as unknown as AccessTokenClaims)).toMatchObject({ credential: 'session', scopes: ['read', 'write'] });
  });

  it("should make a token with a scope an API key's, holding only those", () => {
    expect(toAuthenticatedUser({ ...valid, scope: 'read' } as unknown as AccessTokenClaims)).toMatchObject({ credential: 'api_key', scopes: ['read'] });
  });

  it('should read email_verified, and count a token without it as not verified (fail closed)', () => {
    expect(toAuthenticatedUser({ ...valid, email_verified: true } as unknown as AccessTokenClaims).emailVerified).toBe(true);
    expect(toAuthenticatedUser({ ...valid, email_verified: false } as unknown as AccessTokenClaims).emailVerified).toBe(false);
    expect(toAuthenticatedUser(valid as unknown as AccessTokenClaims).emailVerified).toBe(false);
  });

  it('should give no scope at all for a malformed one (fail closed)', () => {
    expect(toAuthenticatedUser({ ...valid, scope: 'everything' } as unknown as AccessTokenClaims)).toMatchObject({ credential: 'api_key', scopes: [] });
  });
});

describe(keyIdOfToken.name, () => {
  const header = (value: unknown): string => `${Buffer.from(JSON.stringify(value)).toString('base64url')}.e30.sig`;

  it('should read the kid of the JOSE header', () => {
    expect(keyIdOfToken(header({ alg: 'RS256', kid: 'k1' }))).toBe('k1');
  });

  it.each([['no kid', header({ alg: 'RS256' })], ['a numeric kid', header({ kid: 7 })], ['garbage', '%%%.x.y'], ['not a string', 42]])(
    'should give undefined for %s',
    (_case, token) => {
      expect(keyIdOfToken(token)).toBeUndefined();
    },
  );
});
