import { AUTH_USER_EMAIL_CHANGE_REQUESTED_V1, AUTH_USER_EMAIL_CHANGED_V1, AUTH_USER_EMAIL_VERIFIED_V1 } from '@taskhub/contracts';
import { decodeToken, EventTap } from '@taskhub/platform-testing';
import { REGISTRATION_ACCEPTED } from '../src/accounts/accounts.service';
import { accountInput, AuthHarness, bearer } from './support/auth-harness';

describe('auth-service registration, e-mail verification and e-mail change', () => {
  let auth: AuthHarness;
  let changes: EventTap;

  beforeAll(async () => {
    changes = await EventTap.open(AUTH_USER_EMAIL_CHANGE_REQUESTED_V1.routingKey, 'auth');
    auth = await AuthHarness.start({
      label: 'auth_registration',
      env: { AUTH_REGISTER_MAX_PER_EMAIL_PER_HOUR: '3', AUTH_EMAIL_LINK_MAX_PER_ACCOUNT_PER_HOUR: '3' },
    });
  });

  afterAll(async () => {
    await changes?.close();
    await auth?.close();
  });

  const changeTokensOf = async (userId: string, nth = 1): Promise<{ confirmToken: string; cancelToken: string }> => {
    const events = await changes.waitFor(nth, (e) => e.data.userId === userId, `${nth} e-mail change request(s) of ${userId}`);
    const { confirmToken, cancelToken } = events[nth - 1].data;
    return { confirmToken: String(confirmToken), cancelToken: String(cancelToken) };
  };

  describe('POST /register', () => {
    it('should answer a taken and a new address with the same status, headers that matter and body', async () => {
      const taken = await auth.register();

      const forTaken = await auth.post('/register', { ...accountInput(), email: taken.email });
      const forNew = await auth.post('/register', accountInput());

      const shape = (r: typeof forNew): unknown => ({
        status: r.status,
        body: r.body,
        contentType: r.headers.get('content-type'),
        contentLength: r.headers.get('content-length'),
        location: r.headers.get('location'),
        setCookie: r.headers.get('set-cookie'),
      });
      expect(shape(forTaken)).toEqual(shape(forNew));
      expect(forNew.status).toBe(202);
      expect(forNew.body).toEqual(REGISTRATION_ACCEPTED);
    });

    it('should limit registrations per address registered (429), whether or not it is taken', async () => {
      const input = accountInput();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await auth.post('/register', { ...accountInput(), email: input.email })).status);

      expect(statuses).toEqual([202, 202, 202, 429]);
    });
  });

  describe('verification', () => {
    it('should create the account unverified, verify it once with the e-mailed token, and emit auth.user.email_verified.v1', async () => {
      const account = await auth.registerUnverified();
      const before = await auth.login(account);
      expect(decodeToken(before.accessToken).payload.email_verified).toBe(false);
      expect((await auth.get('/me', bearer(before.accessToken))).body.emailVerified).toBe(false);
      // only the hash is stored
      expect(JSON.stringify(await auth.dataSource.query('SELECT * FROM email_verification'))).not.toContain(account.verificationToken.slice(4));

      expect((await auth.post('/verify-email', { token: account.verificationToken })).status).toBe(204);
      const again = await auth.post('/verify-email', { token: account.verificationToken });

      expect([again.status, again.body.code]).toEqual([400, 'AUTH.VERIFICATION_TOKEN_INVALID']);
      expect((await auth.get('/me', bearer(before.accessToken))).body.emailVerified).toBe(true);
      expect((await auth.outbox(AUTH_USER_EMAIL_VERIFIED_V1.routingKey)).map((e) => e.data.userId)).toContain(account.id);
      const refreshed = await auth.post<{ accessToken: string }>('/refresh', { refreshToken: before.refreshToken });
      expect(decodeToken(refreshed.body.accessToken).payload.email_verified).toBe(true);
    });

    it.each([
      ['malformed', 'evt_nope'],
      ['unknown', `evt_${'A'.repeat(43)}`],
    ])('should refuse a %s token with 400 AUTH.VERIFICATION_TOKEN_INVALID', async (_case, token) => {
      const response = await auth.post('/verify-email', { token });

      expect(response.status).toBe(400);
      expect(response.body).toEqual({ statusCode: 400, code: 'AUTH.VERIFICATION_TOKEN_INVALID', message: 'the verification token is invalid, used or expired', correlationId: expect.any(String) as unknown });
    });

    it('should refuse an expired token', async () => {
      const account = await auth.registerUnverified();
      await auth.dataSource.query(`UPDATE email_verification SET expires_at = now() - interval '1 second' WHERE account_id = $1`, [account.id]);

      expect((await auth.post('/verify-email', { token: account.verificationToken })).body.code).toBe('AUTH.VERIFICATION_TOKEN_INVALID');
    });

    it('should refuse API keys until the address is verified (403 AUTH.EMAIL_NOT_VERIFIED), then create them', async () => {
      const account = await auth.registerUnverified();
      const { accessToken } = await auth.login(account);

      const refused = await auth.post('/api-keys', { name: 'ci' }, bearer(accessToken));
      expect([refused.status, refused.body.code]).toEqual([403, 'AUTH.EMAIL_NOT_VERIFIED']);

      await auth.post('/verify-email', { token: account.verificationToken });
      expect((await auth.post('/api-keys', { name: 'ci' }, bearer(accessToken))).status).toBe(201);
    });

    it('should resend a new link that works while the old one no longer does, limited per account, and refuse it once verified', async () => {
      const account = await auth.registerUnverified();
      const { accessToken } = await auth.login(account);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await auth.post('/verify-email/resend', undefined, bearer(accessToken))).status);
      expect(statuses).toEqual([202, 202, 202, 429]);
      const rows = await auth.dataSource.query<{ live: boolean }[]>(`SELECT used_at IS NULL AS live FROM email_verification WHERE account_id = $1 ORDER BY created_at`, [account.id]);
      expect(rows.map((r) => r.live)).toEqual([false, false, false, true]);

      expect((await auth.post('/verify-email', { token: account.verificationToken })).status).toBe(400);
    });

    it('should answer 409 AUTH.EMAIL_ALREADY_VERIFIED to a resend for a verified address', async () => {
      const { auth: headers } = await auth.signedIn();

      const response = await auth.post('/verify-email/resend', undefined, headers);

      expect([response.status, response.body.code]).toEqual([409, 'AUTH.EMAIL_ALREADY_VERIFIED']);
    });
  });

  describe('e-mail change', () => {
    it('should change the address only once the new address confirms, and emit auth.user.email_changed.v1', async () => {
      const { account, auth: headers } = await auth.signedIn('mover');
      const newEmail = `moved-${account.email}`;

      expect((await auth.post('/email-change', { newEmail: newEmail.toUpperCase(), password: account.password }, headers)).status).toBe(202);
      const { confirmToken } = await changeTokensOf(account.id);
      expect((await auth.get('/me', headers)).body.email).toBe(account.email); // nothing changes before the confirmation

      expect((await auth.post('/email-change/confirm', { token: confirmToken })).status).toBe(204);

      expect((await auth.get('/me', headers)).body).toMatchObject({ email: newEmail, emailVerified: true });
      expect((await auth.post('/login', { email: account.email, password: account.password })).status).toBe(401);
      expect((await auth.post('/login', { email: newEmail, password: account.password })).status).toBe(200);
      expect((await auth.outbox(AUTH_USER_EMAIL_CHANGED_V1.routingKey)).find((e) => e.data.userId === account.id)?.data).toEqual({
        userId: account.id,
        email: newEmail,
        changedAt: expect.any(String) as unknown,
      });
      expect((await auth.post('/email-change/confirm', { token: confirmToken })).body.code).toBe('AUTH.EMAIL_CHANGE_TOKEN_INVALID');
    });

    it('should refuse a wrong password (401) and the current address (400), and send nothing', async () => {
      const { account, auth: headers } = await auth.signedIn();

      const wrong = await auth.post('/email-change', { newEmail: `x-${account.email}`, password: 'not the password at all' }, headers);
      const same = await auth.post('/email-change', { newEmail: account.email, password: account.password }, headers);

      expect([wrong.status, wrong.body.code]).toEqual([401, 'AUTH.INVALID_CREDENTIALS']);
      expect([same.status, same.body.code]).toEqual([400, 'AUTH.EMAIL_UNCHANGED']);
      expect(await auth.dataSource.query('SELECT count(*)::int AS n FROM email_change WHERE account_id = $1', [account.id])).toEqual([{ n: 0 }]);
    });

    it('should cancel a change from the old address: its confirmation no longer works', async () => {
      const { account, auth: headers } = await auth.signedIn();
      await auth.post('/email-change', { newEmail: `never-${account.email}`, password: account.password }, headers);
      const { confirmToken, cancelToken } = await changeTokensOf(account.id);

      expect((await auth.post('/email-change/cancel', { token: cancelToken })).status).toBe(204);

      expect((await auth.post('/email-change/confirm', { token: confirmToken })).body.code).toBe('AUTH.EMAIL_CHANGE_TOKEN_INVALID');
      expect((await auth.post('/email-change/cancel', { token: cancelToken })).body.code).toBe('AUTH.EMAIL_CHANGE_TOKEN_INVALID');
      expect((await auth.get('/me', headers)).body.email).toBe(account.email);
    });

    it('should accept a change to a taken address (202, revealing nothing) and fail its confirmation cleanly (409), changing nothing', async () => {
      const { account, auth: headers } = await auth.signedIn();
      const other = await auth.register();

      expect((await auth.post('/email-change', { newEmail: other.email, password: account.password }, headers)).status).toBe(202);
      const { confirmToken } = await changeTokensOf(account.id);
      const confirm = await auth.post('/email-change/confirm', { token: confirmToken });

      expect([confirm.status, confirm.body.code]).toEqual([409, 'AUTH.EMAIL_ADDRESS_TAKEN']);
      expect((await auth.get('/me', headers)).body.email).toBe(account.email);
      expect((await auth.post('/email-change/confirm', { token: confirmToken })).body.code).toBe('AUTH.EMAIL_CHANGE_TOKEN_INVALID');
    });

    it('should void an older request when a newer one is made', async () => {
      const { account, auth: headers } = await auth.signedIn();
      await auth.post('/email-change', { newEmail: `first-${account.email}`, password: account.password }, headers);
      await auth.post('/email-change', { newEmail: `second-${account.email}`, password: account.password }, headers);
      const first = await changeTokensOf(account.id, 1);
      const second = await changeTokensOf(account.id, 2);

      expect((await auth.post('/email-change/confirm', { token: first.confirmToken })).status).toBe(400);
      expect((await auth.post('/email-change/confirm', { token: second.confirmToken })).status).toBe(204);
      expect((await auth.get('/me', headers)).body.email).toBe(`second-${account.email}`);
    });
  });
});
