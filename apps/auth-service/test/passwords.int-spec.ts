import { AUTH_PASSWORD_RESET_REQUESTED_V1 } from '@taskhub/contracts';
import { EventTap, type TappedEvent, waitFor } from '@taskhub/platform-testing';
import { AuthHarness, bearer } from './support/auth-harness';

describe('auth-service passwords', () => {
  let auth: AuthHarness;
  /** what the notification service will receive: the reset events, token included */
  let mailbox: EventTap;

  beforeAll(async () => {
    mailbox = await EventTap.open(AUTH_PASSWORD_RESET_REQUESTED_V1.routingKey, 'auth');
    auth = await AuthHarness.start({ label: 'auth_passwords', env: { AUTH_RESET_MAX_PER_ACCOUNT_AND_IP_PER_HOUR: '20', AUTH_RESET_MAX_PER_IP_PER_HOUR: '100' } });
  });

  afterAll(async () => {
    await auth?.close();
    await mailbox?.close();
  });

  const resetEventsOf = (userId: string, count: number): Promise<TappedEvent[]> =>
    mailbox.waitFor(count, (e) => e.data.userId === userId, `${count} reset event(s) of ${userId}`);
  /** the token of the `nth` reset asked for this account (1: the first) */
  const resetTokenOf = async (userId: string, nth = 1): Promise<string> => String((await resetEventsOf(userId, nth))[nth - 1].data.resetToken);

  it('should change the password with the current one and end every other session, keeping this one', async () => {
    const { account, tokens, auth: here } = await auth.signedIn();
    const elsewhere = await auth.login(account);

    const response = await auth.post('/password', { currentPassword: account.password, newPassword: 'a brand new orbit kettle' }, here);

    expect(response.status).toBe(204);
    expect((await auth.get('/me', here)).status).toBe(200);
    expect((await auth.post('/refresh', { refreshToken: tokens.refreshToken })).status).toBe(200);
    expect((await auth.get('/me', bearer(elsewhere.accessToken))).status).toBe(401);
    expect((await auth.post('/refresh', { refreshToken: elsewhere.refreshToken })).status).toBe(401);
    expect((await auth.post('/login', { email: account.email, password: account.password })).status).toBe(401);
    expect((await auth.post('/login', { email: account.email, password: 'a brand new orbit kettle' })).status).toBe(200);
  });

  /** An API key of the account behind `session`, and a token exchanged for it. */
  const keyWithToken = async (session: Record<string, string>): Promise<{ key: string; token: Record<string, string> }> => {
    const { key } = (await auth.post<{ key: string }>('/api-keys', { name: 'bot', scopes: ['read', 'write'] }, session)).body;
    return { key, token: bearer((await auth.post<{ accessToken: string }>('/token', { apiKey: key })).body.accessToken) };
  };

  it("should revoke every API key of the account on a password change: no more exchanges, the keys' tokens end at once", async () => {
    const { account, auth: here } = await auth.signedIn();
    const key = await keyWithToken(here);

    expect((await auth.post('/password', { currentPassword: account.password, newPassword: 'copper lantern 99 meadow' }, here)).status).toBe(204);

    expect((await auth.get('/me', key.token)).body).toMatchObject({ code: 'AUTH.SESSION_ENDED' });
    expect((await auth.post('/token', { apiKey: key.key })).body).toMatchObject({ code: 'AUTH.API_KEY_INVALID' });
    expect((await auth.get<{ items: unknown[] }>('/api-keys', here)).body.items).toEqual([]);
    const [{ revoke_reason }] = await auth.dataSource.query<{ revoke_reason: string }[]>(`SELECT revoke_reason FROM api_key WHERE account_id = $1`, [account.id]);
    expect(revoke_reason).toBe('password_changed');
  });

  it('should refuse a change with a wrong current password or a weak new one, and change nothing', async () => {
    const { account, auth: here } = await auth.signedIn();

    const wrong = await auth.post('/password', { currentPassword: 'not it at all', newPassword: 'a brand new orbit kettle' }, here);
    const weak = await auth.post('/password', { currentPassword: account.password, newPassword: 'password1234' }, here);

    expect(wrong.status).toBe(401);
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ code: 'AUTH.PASSWORD_POLICY' });
    expect((await auth.post('/login', { email: account.email, password: account.password })).status).toBe(200);
  });

  it('should accept every forgot-password request with 202 and the same body, whether or not the account exists', async () => {
    const account = await auth.register();

    const known = await auth.post('/password/forgot', { email: account.email });
    const unknown = await auth.post('/password/forgot', { email: 'no-one-here@example.com' });

    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    // a later request's event arrives after anything the unknown e-mail could have emitted
    const marker = await auth.register();
    await auth.post('/password/forgot', { email: marker.email });
    await resetEventsOf(marker.id, 1);
    expect(mailbox.events.map((e) => e.data.email)).toContain(account.email);
    expect(mailbox.events.map((e) => e.data.email)).not.toContain('no-one-here@example.com');
  });

  it('should reset with a single-use token from auth.password.reset_requested.v1 and end every session', async () => {
    const { account, tokens } = await auth.signedIn();
    await auth.post('/password/forgot', { email: account.email });
    const [event] = await resetEventsOf(account.id, 1);
    expect(event.data).toMatchObject({ email: account.email, resetToken: expect.stringMatching(/^prt_/) as unknown, expiresAt: expect.any(String) as unknown });
    expect(Date.parse(String(event.data.expiresAt)) - Date.now()).toBeLessThanOrEqual(1800 * 1000);
    const token = String(event.data.resetToken);
    // once the broker has it, the auth database keeps only the token's hash: the outbox row is gone
    await waitFor(async () => !JSON.stringify(await auth.dataSource.query('SELECT * FROM outbox_event')).includes(token), {
      description: 'the reset event deleted from the outbox',
    });

    const reset = await auth.post('/password/reset', { token, newPassword: 'quartz meadow lantern 42' });
    const again = await auth.post('/password/reset', { token, newPassword: 'another meadow lantern 43' });

    expect(reset.status).toBe(204);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'AUTH.RESET_TOKEN_INVALID' });
    expect((await auth.get('/me', bearer(tokens.accessToken))).status).toBe(401);
    expect((await auth.post('/login', { email: account.email, password: 'quartz meadow lantern 42' })).status).toBe(200);
  });

  it("should revoke every API key of the account on a password reset: no more exchanges, the keys' tokens end at once", async () => {
    const { account, auth: session } = await auth.signedIn();
    const key = await keyWithToken(session);
    await auth.post('/password/forgot', { email: account.email });

    expect((await auth.post('/password/reset', { token: await resetTokenOf(account.id), newPassword: 'amber harbour 77 compass' })).status).toBe(204);

    expect((await auth.get('/me', key.token)).body).toMatchObject({ code: 'AUTH.SESSION_ENDED' });
    expect((await auth.post('/token', { apiKey: key.key })).body).toMatchObject({ code: 'AUTH.API_KEY_INVALID' });
    const [{ revoke_reason }] = await auth.dataSource.query<{ revoke_reason: string }[]>(`SELECT revoke_reason FROM api_key WHERE account_id = $1`, [account.id]);
    expect(revoke_reason).toBe('password_reset');
  });

  it('should void an older reset token when a newer one is asked for, and keep the token usable after a policy refusal', async () => {
    const account = await auth.register();
    await auth.post('/password/forgot', { email: account.email });
    const older = await resetTokenOf(account.id, 1);
    await auth.post('/password/forgot', { email: account.email });
    const newer = await resetTokenOf(account.id, 2);

    expect((await auth.post('/password/reset', { token: older, newPassword: 'quartz meadow lantern 42' })).status).toBe(400);
    expect((await auth.post('/password/reset', { token: newer, newPassword: 'password1234' })).body).toMatchObject({ code: 'AUTH.PASSWORD_POLICY' });
    expect((await auth.post('/password/reset', { token: newer, newPassword: 'quartz meadow lantern 42' })).status).toBe(204);
  });

  it('should refuse an expired reset token', async () => {
    const account = await auth.register();
    await auth.post('/password/forgot', { email: account.email });
    const token = await resetTokenOf(account.id);
    await auth.dataSource.query(`UPDATE password_reset SET expires_at = now() - interval '1 second' WHERE account_id = $1`, [account.id]);

    const response = await auth.post('/password/reset', { token, newPassword: 'quartz meadow lantern 42' });

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'AUTH.RESET_TOKEN_INVALID' });
  });
});
