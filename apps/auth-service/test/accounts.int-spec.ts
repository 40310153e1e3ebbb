import { AUTH_USER_REGISTERED_V1, AUTH_USER_REGISTRATION_ATTEMPTED_V1 } from '@taskhub/contracts';
import { REGISTRATION_ACCEPTED } from '../src/accounts/accounts.service';
import { accountInput, AuthHarness, bearer } from './support/auth-harness';

describe('auth-service accounts', () => {
  let auth: AuthHarness;

  beforeAll(async () => {
    auth = await AuthHarness.start({ label: 'auth_accounts' });
  });

  afterAll(async () => {
    await auth?.close();
  });

  it('should register an unverified account with the role user and write auth.user.registered.v1 in the same transaction', async () => {
    const other = accountInput('ada');
    const response = await auth.post('/register', { ...other, email: `  ${other.email.toUpperCase()} ` }, { 'x-request-id': 'it-register-1' });

    expect(response.status).toBe(202);
    expect(response.body).toEqual(REGISTRATION_ACCEPTED);
    const events = await auth.outbox(AUTH_USER_REGISTERED_V1.routingKey);
    const registered = events.find((e) => e.data.email === other.email);
    expect(registered).toMatchObject({ correlationId: 'it-register-1', data: { email: other.email, displayName: other.displayName } });
    const tokens = await auth.login(other); // an unverified account can log in and use its own data
    const me = await auth.get('/me', bearer(tokens.accessToken));
    expect(me.body).toEqual({ id: registered?.data.userId, email: other.email, emailVerified: false, roles: ['user'], createdAt: expect.any(String) as unknown });
  });

  it('should answer a taken e-mail, in any case, exactly as a new one, create nothing and write auth.user.registration_attempted.v1 for its owner', async () => {
    const account = await auth.register();
    const attempt = { ...accountInput(), email: account.email.toUpperCase() };

    const response = await auth.post('/register', attempt);

    expect(response.status).toBe(202);
    expect(response.body).toEqual(REGISTRATION_ACCEPTED);
    expect((await auth.outbox(AUTH_USER_REGISTRATION_ATTEMPTED_V1.routingKey)).map((e) => e.data)).toContainEqual({ userId: account.id, email: account.email });
    expect((await auth.post('/login', { email: account.email, password: attempt.password })).status).toBe(401);
    expect(await auth.dataSource.query('SELECT count(*)::int AS n FROM account WHERE email = $1', [account.email])).toEqual([{ n: 1 }]);
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
