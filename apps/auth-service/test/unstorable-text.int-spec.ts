import { AuthHarness } from './support/auth-harness';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  correlationId: string;
  details?: { field: string; constraints: Record<string, string> }[];
}

const REFUSED = 'must not contain NUL characters or unpaired UTF-16 surrogates (Postgres cannot store them in text)';

describe('auth-service text Postgres cannot store', () => {
  let auth: AuthHarness;

  beforeAll(async () => {
    auth = await AuthHarness.start({ label: 'auth_unstorable' });
  });

  afterAll(async () => {
    await auth?.close();
  });

  it('should answer 400 naming the field for a NUL in an e-mail (was 500: Postgres refused it)', async () => {
    const response = await auth.post<ErrorBody>('/password/forgot', { email: '\u0000' });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      code: 'REQUEST.VALIDATION_FAILED',
      message: 'request validation failed: email',
      correlationId: response.headers.get('x-request-id'),
      details: [{ field: 'email', constraints: { storableText: `email ${REFUSED}` } }],
    });
  });

  it('should answer 400 for a lone surrogate in login and registration fields, naming each', async () => {
    const login = await auth.post<ErrorBody>('/login', { email: 'ada@example.com', password: 'pw\uD800' });
    const register = await auth.post<ErrorBody>('/register', { email: 'x\uDC00@example.com', password: 'long enough password', displayName: '\u0000' });

    expect(login.status).toBe(400);
    expect(login.body.details?.map((d) => d.field)).toEqual(['password']);
    expect(register.status).toBe(400);
    expect(register.body.details?.map((d) => d.field)).toEqual(['email', 'displayName']);
  });

  it('should answer 400 for a NUL in a route param and in a query string', async () => {
    const { auth: headers } = await auth.signedIn('unstorable');

    const param = await auth.request<ErrorBody>('DELETE', '/api-keys/%00', undefined, headers);
    const query = await auth.request<ErrorBody>('GET', '/api-keys?cursor=a%00b', undefined, headers);

    expect(param.status).toBe(400);
    expect(param.body.details).toEqual([{ field: 'id', constraints: { storableText: `id ${REFUSED}` } }]);
    expect(query.status).toBe(400);
    expect(query.body.details).toEqual([{ field: 'cursor', constraints: { storableText: `cursor ${REFUSED}` } }]);
  });

  it('should still accept text with characters outside the BMP (surrogate pairs)', async () => {
    const response = await auth.post<ErrorBody>('/password/forgot', { email: 'rocket\uD83D\uDE80@example.com' });

    expect(response.status).toBe(202);
  });
});
