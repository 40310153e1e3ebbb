import { type AuthenticatedUser, SCOPES } from './access-token-claims';
import { InsufficientScopeException, LoginSessionRequiredException } from './auth.exceptions';
import { assertCredentialMayCall, requiredScope } from './credential-policy';

const caller = (credential: AuthenticatedUser['credential'], scopes: AuthenticatedUser['scopes']): AuthenticatedUser => ({
  id: '0190f0f0-0000-7000-8000-000000000001',
  roles: ['user'],
  emailVerified: true,
  sessionId: '0190f0f0-0000-7000-8000-000000000002',
  tokenId: 'jti',
  expiresAt: 2_000_000_000,
  credential,
  scopes,
});

describe(requiredScope.name, () => {
  it.each([
    ['GET', 'read'],
    ['head', 'read'],
    ['OPTIONS', 'read'],
    ['POST', 'write'],
    ['PUT', 'write'],
    ['PATCH', 'write'],
    ['DELETE', 'write'],
    ['PROPFIND', 'write'],
  ])('should ask %s for %s', (method, scope) => {
    expect(requiredScope(method)).toBe(scope);
  });
});

/** What assertCredentialMayCall threw, or undefined. */
const refusal = (...args: Parameters<typeof assertCredentialMayCall>): unknown => {
  try {
    assertCredentialMayCall(...args);
    return undefined;
  } catch (error) {
    return error;
  }
};

describe(assertCredentialMayCall.name, () => {
  it("should let a login session's token call anything, login-session-only routes included", () => {
    for (const method of ['GET', 'POST', 'DELETE']) expect(refusal(caller('session', SCOPES), method, { message: 'x' })).toBeUndefined();
  });

  it("should let a read key's token read and refuse it every other method with 403 AUTH.INSUFFICIENT_SCOPE", () => {
    const reader = caller('api_key', ['read']);

    expect(refusal(reader, 'GET', undefined)).toBeUndefined();
    expect(refusal(reader, 'PATCH', undefined)).toBeInstanceOf(InsufficientScopeException);
    expect(refusal(reader, 'POST', undefined)).toMatchObject({ statusCode: 403, code: 'AUTH.INSUFFICIENT_SCOPE', scope: 'write' });
  });

  it("should refuse a write-only key's token a GET", () => {
    expect(refusal(caller('api_key', ['write']), 'GET', undefined)).toMatchObject({ code: 'AUTH.INSUFFICIENT_SCOPE', scope: 'read' });
  });

  it("should keep any key's token off a login-session-only route with 403 AUTH.LOGIN_SESSION_REQUIRED and the route's message", () => {
    const full = caller('api_key', ['read', 'write']);

    expect(refusal(full, 'GET', { message: 'keys are managed by a person' })).toMatchObject({
      statusCode: 403,
      code: 'AUTH.LOGIN_SESSION_REQUIRED',
      message: 'keys are managed by a person',
    });
    expect(refusal(full, 'POST', {})).toBeInstanceOf(LoginSessionRequiredException);
  });

  it("should tell a read key's token on a login-session-only write route that no key may call it, not that it lacks write", () => {
    expect(refusal(caller('api_key', ['read']), 'POST', {})).toBeInstanceOf(LoginSessionRequiredException);
  });

  it('should refuse a key token with no valid scope everything', () => {
    for (const method of ['GET', 'POST']) expect(refusal(caller('api_key', []), method, undefined)).toBeInstanceOf(InsufficientScopeException);
  });
});
