import { viaGateway } from '../support/e2e-client';
import { accessToken } from '../support/e2e-tokens';

jest.setTimeout(30_000);

describe('authentication at the gateway', () => {
  const path = '/api/v1/tasks/does-not-exist';

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
});
