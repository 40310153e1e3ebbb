import { viaGateway, UNKNOWN_TASK_PATH } from '../support/e2e-client';
import { accessToken } from '../support/e2e-tokens';

describe('authentication at the gateway', () => {
  const path = UNKNOWN_TASK_PATH;

  it("should refuse a request without an access token with Kong's 401 before it reaches the task service", async () => {
    const response = await viaGateway(path, { anonymous: true });

    expect(response.status).toBe(401);
    expect(response.json()).toEqual({ message: 'Unauthorized' });
    expect(response.headers.get('x-request-id')).not.toBeNull();
  });

  it('should refuse an expired access token and pass a valid one on to the task service', async () => {
    const expired = await viaGateway(path, { headers: { authorization: `Bearer ${accessToken({ exp: Math.floor(Date.now() / 1000) - 1 })}` } });
    const valid = await viaGateway(path);

    expect([expired.status, expired.json()]).toEqual([401, { exp: 'token expired' }]);
    // the task service's own answer, in the common error shape
    expect(valid.status).toBe(404);
    expect(valid.json()).toEqual(expect.objectContaining({ statusCode: 404 }));
  });

  it('should open exactly the public auth paths: a path under or beside one needs a token at the edge', async () => {
    const anonymous = { anonymous: true, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };
    const publicPath = await viaGateway('/api/v1/auth/login', anonymous);
    const under = await viaGateway('/api/v1/auth/login/x', anonymous);
    const beside = await viaGateway('/api/v1/auth/loginx', anonymous);
    const jwks = await viaGateway('/api/v1/auth/.well-known/jwks.json', { anonymous: true });

    // the auth service's own answer (validation), so the request went through without a token
    expect([publicPath.status, publicPath.json()]).toEqual([400, expect.objectContaining({ code: 'REQUEST.VALIDATION_FAILED' })]);
    expect([under.status, under.json()]).toEqual([401, { message: 'Unauthorized' }]);
    expect([beside.status, beside.json()]).toEqual([401, { message: 'Unauthorized' }]);
    expect(jwks.status).toBe(200);
  });
});
