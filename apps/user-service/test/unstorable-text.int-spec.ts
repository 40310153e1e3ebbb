import { randomUUID } from 'node:crypto';
import { UserHarness } from './support/user-harness';

interface ErrorBody {
  code: string;
  details?: { field: string; constraints: Record<string, string> }[];
}

describe('user-service text Postgres cannot store', () => {
  let users: UserHarness;
  const headers = (): Record<string, string> => users.auth(randomUUID());

  beforeAll(async () => {
    users = await UserHarness.start({ label: 'unstorable' });
  });

  afterAll(async () => {
    await users?.close();
  });

  it('should answer 400 naming a nested field of a JSON body', async () => {
    const body = { kinds: {}, digest: { enabled: false, hour: 8 }, quietHours: { start: '22:00\u0000', end: '07:00' } };

    const response = await users.request<ErrorBody>('PUT', '/users/me/preferences', { headers: headers(), body });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('REQUEST.VALIDATION_FAILED');
    expect(response.body.details?.map((d) => d.field)).toEqual(['quietHours.start']);
  });

  it('should answer 400 naming a profile field with a lone surrogate, and a query parameter with a NUL', async () => {
    const patch = await users.request<ErrorBody>('PATCH', '/users/me', { headers: headers(), body: { displayName: 'Ada \uDBFF' } });
    const list = await users.request<ErrorBody>('GET', '/users?q=ad%00a', { headers: headers() });

    expect(patch.status).toBe(400);
    expect(patch.body.details?.map((d) => d.field)).toEqual(['displayName']);
    expect(list.status).toBe(400);
    expect(list.body.details?.map((d) => d.field)).toEqual(['q']);
  });
});
