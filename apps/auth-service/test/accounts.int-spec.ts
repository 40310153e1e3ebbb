import { AUTH_USER_REGISTERED_V1 } from '@taskhub/contracts';
import { accountInput, AuthHarness, bearer } from './support/auth-harness';

describe('auth-service accounts', () => {
  let auth: AuthHarness;

  beforeAll(async () => {
    auth = await AuthHarness.start({ label: 'auth_accounts' });
  });

  afterAll(async () => {
    await auth?.close();
  });

  it('should register an account with the role user and write auth.user.registered.v1 in the same transaction', async () => {
    const input = accountInput('ada');
    const response = await auth.post('/register', { ...input, email: `  ${input.email.toUpperCase()} ` }, { 'x-request-id': 'it-register-1' });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.any(String) as unknown, email: input.email });
    const events = await auth.outbox(AUTH_USER_REGISTERED_V1.routingKey);
    expect(events.find((e) => e.data.userId === response.body.id)).toMatchObject({
      correlationId: 'it-register-1',
      data: { userId: response.body.id, email: input.email, displayName: input.displayName },
    });
    const tokens = await auth.login(input);
    const me = await auth.get('/me', bearer(tokens.accessToken));
    expect(me.body).toEqual({ id: response.body.id, email: input.email, roles: ['user'], createdAt: expect.any(String) as unknown });
  });

  it('should answer 409 in the common error shape for an e-mail that is taken, in any case', async () => {
    const account = await auth.register();

    const response = await auth.post('/register', { ...accountInput(), email: account.email.toUpperCase() });

    expect(response.status).toBe(409);
    expect(response.body).toEqual({ statusCode: 409, code: 'AUTH.EMAIL_TAKEN', message: expect.any(String) as unknown, correlationId: expect.any(String) as unknown });
  });

  it('should refuse a role in the registration (400) and create nothing', async () => {
    const input = accountInput('mallory');

    const response = await auth.post('/register', { ...input, roles: ['admin'] });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', details: [{ field: 'roles' }] });
    expect((await auth.post('/login', { email: input.email, password: input.password })).status).toBe(401);
  });

  it.each([
    ['too short', 'Sh0rt!pass', 'length'],
    ['a common password', 'password123456', 'guessable'],
    ['a keyboard walk', 'qwertyuiop123', 'guessable'],
    ['built from the e-mail', 'grace.hopper.grace.hopper', 'personal'],
    ['built from the name', 'Graceful Grace 2026 forever', 'personal'],
  ])('should refuse %s with a clear reason', async (_case, password, rule) => {
    const response = await auth.post('/register', { email: 'grace.hopper@example.com', password, displayName: 'Grace' });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'AUTH.PASSWORD_POLICY', details: [{ rule, message: expect.any(String) as unknown }] });
  });

  it('should never answer or log a password or its hash', async () => {
    const input = accountInput('secretive');
    await auth.register(input);
    const tokens = await auth.login(input);
    const me = await auth.get('/me', bearer(tokens.accessToken));

    expect(JSON.stringify(me.body)).not.toMatch(/argon2|passwordHash|password_hash/);
    expect(auth.logs.text()).not.toContain(input.password);
    expect(auth.logs.text()).not.toContain('$argon2id$');
  });
});
