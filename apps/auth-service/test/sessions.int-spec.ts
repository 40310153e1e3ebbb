import { AuthHarness, bearer } from './support/auth-harness';

describe('auth-service sessions', () => {
  let auth: AuthHarness;

  beforeAll(async () => {
    auth = await AuthHarness.start({ label: 'auth_sessions' });
  });

  afterAll(async () => {
    await auth?.close();
  });

  it('should log in with Bearer tokens that expire in 15 minutes, and not be cached', async () => {
    const account = await auth.register();

    const response = await auth.post('/login', { email: account.email.toUpperCase(), password: account.password });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      accessToken: expect.stringMatching(/^ey[\w-]+\.[\w-]+\.[\w-]+$/) as unknown,
      refreshToken: expect.stringMatching(/^rt_[\w-]{43}$/) as unknown,
      tokenType: 'Bearer',
      expiresIn: 900,
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('should rotate the refresh token on every use and spend the old one', async () => {
    const { tokens } = await auth.signedIn();

    const first = await auth.post<{ accessToken: string; refreshToken: string }>('/refresh', { refreshToken: tokens.refreshToken });
    const second = await auth.post<{ accessToken: string; refreshToken: string }>('/refresh', { refreshToken: first.body.refreshToken });

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(new Set([tokens.refreshToken, first.body.refreshToken, second.body.refreshToken]).size).toBe(3);
    expect((await auth.get('/me', bearer(second.body.accessToken))).status).toBe(200);
  });

  it('should take a reused refresh token as theft: the whole family is revoked and the legitimate holder is out too', async () => {
    const { tokens } = await auth.signedIn();
    const legit = await auth.post<{ accessToken: string; refreshToken: string }>('/refresh', { refreshToken: tokens.refreshToken });

    const replay = await auth.post('/refresh', { refreshToken: tokens.refreshToken });

    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ code: 'AUTH.REFRESH_TOKEN_REUSED' });
    const legitNext = await auth.post('/refresh', { refreshToken: legit.body.refreshToken });
    expect(legitNext.status).toBe(401);
    expect(legitNext.body).toMatchObject({ code: 'AUTH.REFRESH_TOKEN_INVALID' });
    expect((await auth.get('/me', bearer(legit.body.accessToken))).body).toMatchObject({ code: 'AUTH.SESSION_ENDED' });
    expect((await auth.get('/me', bearer(tokens.accessToken))).status).toBe(401);
  });

  it('should let the first of two concurrent refreshes of one token win and take the second as reuse (documented)', async () => {
    const { tokens } = await auth.signedIn();

    const results = await Promise.all([1, 2].map(() => auth.post<{ refreshToken?: string; code?: string }>('/refresh', { refreshToken: tokens.refreshToken })));

    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(results.find((r) => r.status === 401)?.body.code).toBe('AUTH.REFRESH_TOKEN_REUSED');
    const winner = results.find((r) => r.status === 200)!;
    expect((await auth.post('/refresh', { refreshToken: winner.body.refreshToken })).status).toBe(401);
  });

  it('should end the session on logout: the access token stops working at once and the refresh token is dead', async () => {
    const { tokens, auth: headers } = await auth.signedIn();
    expect((await auth.get('/me', headers)).status).toBe(200);

    const logout = await auth.post('/logout', undefined, headers);

    expect(logout.status).toBe(204);
    expect((await auth.get('/me', headers)).body).toMatchObject({ code: 'AUTH.SESSION_ENDED' });
    expect((await auth.post('/refresh', { refreshToken: tokens.refreshToken })).status).toBe(401);
  });

  it('should end every session of the user on logout-all, and only theirs', async () => {
    const { account, auth: first } = await auth.signedIn();
    const second = bearer((await auth.login(account)).accessToken);
    const bystander = await auth.signedIn();

    expect((await auth.post('/logout-all', undefined, first)).status).toBe(204);

    expect((await auth.get('/me', first)).status).toBe(401);
    expect((await auth.get('/me', second)).status).toBe(401);
    expect((await auth.get('/me', bystander.auth)).status).toBe(200);
    expect((await auth.login(account)).accessToken).toEqual(expect.any(String));
  });

  it("should revoke every API key of the user on logout-all: no more exchanges, their tokens end at once, others' keys stay", async () => {
    const { auth: session } = await auth.signedIn();
    const bystander = await auth.signedIn();
    const keyOf = async (headers: Record<string, string>): Promise<{ key: string; token: Record<string, string> }> => {
      const { key } = (await auth.post<{ key: string }>('/api-keys', { name: 'bot', scopes: ['read', 'write'] }, headers)).body;
      return { key, token: bearer((await auth.post<{ accessToken: string }>('/token', { apiKey: key })).body.accessToken) };
    };
    const mine = await keyOf(session);
    const theirs = await keyOf(bystander.auth);

    expect((await auth.post('/logout-all', undefined, session)).status).toBe(204);

    expect((await auth.get('/me', mine.token)).body).toMatchObject({ code: 'AUTH.SESSION_ENDED' });
    expect((await auth.post('/token', { apiKey: mine.key })).body).toMatchObject({ code: 'AUTH.API_KEY_INVALID' });
    expect((await auth.get('/me', theirs.token)).status).toBe(200);
    expect((await auth.post('/token', { apiKey: theirs.key })).status).toBe(200);
  });

  it("should refuse logout-all and a password change to a write key's token (403 AUTH.LOGIN_SESSION_REQUIRED), ending nothing", async () => {
    const { account, auth: session } = await auth.signedIn();
    const { key } = (await auth.post<{ key: string }>('/api-keys', { name: 'bot', scopes: ['read', 'write'] }, session)).body;
    const asKey = bearer((await auth.post<{ accessToken: string }>('/token', { apiKey: key })).body.accessToken);

    const logoutAll = await auth.post<{ code: string }>('/logout-all', undefined, asKey);
    const change = await auth.post<{ code: string }>('/password', { currentPassword: account.password, newPassword: `${account.password}-changed` }, asKey);

    expect([logoutAll.status, logoutAll.body.code]).toEqual([403, 'AUTH.LOGIN_SESSION_REQUIRED']);
    expect([change.status, change.body.code]).toEqual([403, 'AUTH.LOGIN_SESSION_REQUIRED']);
    expect((await auth.get('/me', asKey)).status).toBe(200);
    expect((await auth.get('/me', session)).status).toBe(200);
    expect((await auth.login(account)).accessToken).toEqual(expect.any(String));
  });

  it('should refuse a malformed or unknown refresh token with 401', async () => {
    for (const refreshToken of ['', 'rt_short', `rt_${'A'.repeat(43)}`]) {
      const response = await auth.post('/refresh', { refreshToken });

      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ code: 'AUTH.REFRESH_TOKEN_INVALID' });
    }
  });
});
