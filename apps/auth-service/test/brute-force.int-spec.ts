import { randomBytes } from 'node:crypto';
import { AUTH_PASSWORD_RESET_REQUESTED_V1 } from '@taskhub/contracts';
import { EventTap, FaultProxy, integrationEnv } from '@taskhub/platform-testing';
import { accountInput, AuthHarness, bearer, type HttpResult, type NewAccount } from './support/auth-harness';

/**
 * A client address of its own per call site: the service believes the X-Real-IP its trusted proxy (loopback here,
 * where the test connects from) names, as the gateway names the client. Distinct within the run: the counters live as
 * long as the run.
 */
let nextClient = 1;
const clientIp = (): Record<string, string> => {
  const n = nextClient++;
  return { 'x-real-ip': `10.${randomBytes(1)[0]}.${Math.floor(n / 250)}.${(n % 250) + 1}` };
};

/** The device cookie a response set, as the Cookie header a browser would send back to /api/v1/auth. */
const deviceCookieOf = (response: HttpResult): Record<string, string> => {
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('taskhub_device='));
  if (cookie === undefined) throw new Error(`no device cookie set: ${JSON.stringify(response.headers.getSetCookie())}`);
  return { cookie: cookie.slice(0, cookie.indexOf(';')) };
};

describe('auth-service brute-force limits', () => {
  let auth: AuthHarness;
  let redis: FaultProxy;

  beforeAll(async () => {
    const env = integrationEnv();
    const target = new URL(env.redisUrl);
    redis = await FaultProxy.start({ target: { host: target.hostname, port: Number(target.port || 6379) } });
    auth = await AuthHarness.start({
      label: 'auth_bruteforce',
      env: {
        REDIS_URL: redis.url(env.redisUrl),
        AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR: '5',
        AUTH_LOGIN_MAX_FAILURES_PER_DEVICE_PER_HOUR: '3',
        AUTH_LOGIN_MAX_ATTEMPTS_PER_IP_PER_MINUTE: '8',
        AUTH_REFRESH_MAX_ATTEMPTS_PER_IP_PER_MINUTE: '3',
        AUTH_REFRESH_MAX_PER_ACCOUNT_PER_MINUTE: '3',
        AUTH_RESET_MAX_PER_ACCOUNT_AND_IP_PER_HOUR: '2',
        AUTH_RESET_MAX_PER_IP_PER_HOUR: '4',
        AUTH_TOKEN_EXCHANGE_MAX_PER_IP_PER_MINUTE: '3',
        AUTH_REGISTER_MAX_PER_IP_PER_HOUR: '3',
        AUTH_EMAIL_TOKEN_MAX_PER_IP_PER_HOUR: '3',
      },
    });
  });

  afterAll(async () => {
    await auth?.close();
    await redis?.close();
  });

  it('should answer 429 with Retry-After after the failed logins an account may have, even to the right password', async () => {
    const account = await auth.register(accountInput(), clientIp());
    for (let i = 0; i < 5; i++) {
      expect((await auth.post('/login', { email: account.email, password: `wrong ${i}` }, clientIp())).status).toBe(401);
    }

    const blocked = await auth.post('/login', { email: account.email, password: account.password }, clientIp());

    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ statusCode: 429, code: 'AUTH.TOO_MANY_ATTEMPTS', correlationId: expect.any(String) as unknown });
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
  });

  it('should not let parallel guesses overshoot the limit', async () => {
    const account = await auth.register(accountInput(), clientIp());

    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => auth.post('/login', { email: account.email, password: `guess ${i}` }, clientIp())));

    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(10);
  });

  it('should not count successful logins as failures', async () => {
    const account = await auth.register(accountInput(), clientIp());

    for (let i = 0; i < 7; i++) expect((await auth.post('/login', { email: account.email, password: account.password }, clientIp())).status).toBe(200);
  });

  it('should limit login attempts per client address, across accounts', async () => {
    const ip = clientIp();
    for (let i = 0; i < 8; i++) expect((await auth.post('/login', { email: `nobody-${i}@example.com`, password: 'whatever it is' }, ip)).status).toBe(401);

    const blocked = await auth.post('/login', { email: 'nobody-9@example.com', password: 'whatever it is' }, ip);

    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await auth.post('/login', { email: 'nobody-9@example.com', password: 'whatever it is' }, clientIp())).status).toBe(401);
  });

  it('should limit refreshes, reset requests, resets and API-key exchanges per client address, and reset requests per account and address', async () => {
    const ip = clientIp();
    const codes = async (n: number, call: () => Promise<{ status: number }>): Promise<number[]> => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await call()).status);
      return out;
    };

    expect(await codes(4, () => auth.post('/refresh', { refreshToken: `rt_${'x'.repeat(43)}` }, ip))).toEqual([401, 401, 401, 429]);
    expect(await codes(3, () => auth.post('/token', { apiKey: `thk_${'x'.repeat(43)}` }, ip))).toEqual([401, 401, 401]);
    expect((await auth.post('/token', { apiKey: 'thk_nope' }, ip)).status).toBe(429);

    const account = await auth.register(accountInput(), clientIp());
    const forgotIp = clientIp();
    expect(await codes(3, () => auth.post('/password/forgot', { email: account.email }, forgotIp))).toEqual([202, 202, 429]);
    expect((await auth.post('/password/forgot', { email: `nobody-${account.email}` }, forgotIp)).status).toBe(202);
    const resetIp = clientIp();
    expect(await codes(5, () => auth.post('/password/reset', { token: `prt_${'x'.repeat(43)}`, newPassword: 'a fine new passphrase' }, resetIp))).toEqual([
      400, 400, 400, 400, 429,
    ]);
  });

  it('should limit registrations per client address, a taken e-mail (answered as a new one) or a refused password counted too: 429 with Retry-After', async () => {
    const ip = clientIp();
    const taken = await auth.register(accountInput(), clientIp());
    const statuses = [
      (await auth.post('/register', accountInput(), ip)).status,
      (await auth.post('/register', { ...accountInput(), email: taken.email }, ip)).status,
      (await auth.post('/register', { ...accountInput(), password: 'too short' }, ip)).status,
    ];
    const refused = accountInput();

    const blocked = await auth.post('/register', refused, ip);

    expect(statuses).toEqual([202, 202, 400]);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toEqual({
      statusCode: 429,
      code: 'AUTH.TOO_MANY_ATTEMPTS',
      message: 'too many registrations from this address, retry later',
      correlationId: expect.any(String) as unknown,
    });
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await auth.post('/login', { email: refused.email, password: refused.password }, clientIp())).status).toBe(401);
    expect((await auth.post('/register', refused, clientIp())).status).toBe(202);
  });

  it('should limit the uses of e-mail link tokens (verify, confirm, cancel) per client address, valid or not: 429', async () => {
    const ip = clientIp();
    const statuses = [
      (await auth.post('/verify-email', { token: `evt_${'x'.repeat(43)}` }, ip)).status,
      (await auth.post('/email-change/confirm', { token: `ect_${'x'.repeat(43)}` }, ip)).status,
      (await auth.post('/email-change/cancel', { token: `ecc_${'x'.repeat(43)}` }, ip)).status,
    ];
    const fresh = await auth.registerUnverified(accountInput(), clientIp());

    const blocked = await auth.post('/verify-email', { token: fresh.verificationToken }, ip);

    expect(statuses).toEqual([400, 400, 400]);
    expect([blocked.status, blocked.body.code]).toEqual([429, 'AUTH.TOO_MANY_ATTEMPTS']);
    expect((await auth.post('/verify-email', { token: fresh.verificationToken }, clientIp())).status).toBe(204); // the refused use spent nothing
  });

  it('should limit refreshes per account, and keep the refused refresh token live', async () => {
    const { account } = await auth.signedIn();
    let refreshToken = (await auth.login(account)).refreshToken;
    for (let i = 0; i < 3; i++) {
      const rotated = await auth.post<{ refreshToken: string }>('/refresh', { refreshToken }, clientIp());
      expect(rotated.status).toBe(200);
      refreshToken = rotated.body.refreshToken;
    }

    const blocked = await auth.post('/refresh', { refreshToken }, clientIp());

    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ code: 'AUTH.TOO_MANY_ATTEMPTS' });
    expect(Number(blocked.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    const [{ status }] = await auth.dataSource.query<{ status: string }[]>(`SELECT status FROM refresh_token WHERE token_hash = sha256($1::bytea)`, [
      Buffer.from(refreshToken),
    ]);
    expect(status).toBe('active');
  });

  describe('device cookies', () => {
    const login = (account: Pick<NewAccount, 'email' | 'password'>, password: string, headers: Record<string, string> = {}): Promise<HttpResult> =>
      auth.post('/login', { email: account.email, password }, { ...clientIp(), ...headers });
    /** A login from a device of its own that succeeds, and the device cookie it got. */
    const knownDevice = async (account: NewAccount): Promise<Record<string, string>> => {
      const response = await login(account, account.password);
      expect(response.status).toBe(200);
      return deviceCookieOf(response);
    };
    /** Failed logins from unknown devices (no cookie, a new address each) until the account's budget for them is spent. */
    const lockOutUnknownDevices = async (account: NewAccount): Promise<void> => {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await login(account, `attacker guess ${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    };

    it('should set a device cookie on a successful login only: HttpOnly, SameSite=Strict, Path=/api/v1/auth, for 180 days', async () => {
      const account = await auth.register(accountInput(), clientIp());

      const failed = await login(account, 'not the password');
      const succeeded = await login(account, account.password);

      expect(failed.headers.getSetCookie()).toEqual([]);
      const [cookie] = succeeded.headers.getSetCookie();
      expect(cookie).toMatch(/^taskhub_device=[A-Za-z0-9_.-]{40,}; /);
      const attributes = cookie.split('; ').slice(1).sort();
      expect(attributes).toEqual(['HttpOnly', `Max-Age=${180 * 24 * 3600}`, 'Path=/api/v1/auth', 'SameSite=Strict']); // Secure only in production
      expect(succeeded.body).not.toHaveProperty('deviceCookie');
    });

    it("should let the owner's known device log in after failures from unknown devices spent the account's budget; without it 429", async () => {
      const owner = await auth.register(accountInput(), clientIp());
      const device = await knownDevice(owner);
      await lockOutUnknownDevices(owner);

      const fromKnownDevice = await login(owner, owner.password, device);
      const fromNewDevice = await login(owner, owner.password);

      expect(fromKnownDevice.status).toBe(200);
      expect(fromKnownDevice.body).toMatchObject({ accessToken: expect.any(String) as unknown });
      expect(fromNewDevice.status).toBe(429);
      expect(fromNewDevice.body).toMatchObject({ code: 'AUTH.TOO_MANY_ATTEMPTS' });
    });

    it("should count failures with a device cookie against that cookie alone, then as an unknown device's", async () => {
      const owner = await auth.register(accountInput(), clientIp());
      const guessed = await knownDevice(owner);
      const other = await knownDevice(owner);

      const withCookie: number[] = [];
      for (let i = 0; i < 3; i++) withCookie.push((await login(owner, `guess ${i}`, guessed)).status);
      // the cookie's budget is spent: from now on it counts as an unknown device, against the account's budget
      for (let i = 0; i < 5; i++) withCookie.push((await login(owner, `more ${i}`, guessed)).status);

      expect(withCookie).toEqual([401, 401, 401, 401, 401, 401, 401, 401]);
      expect((await login(owner, owner.password, guessed)).status).toBe(429);
      expect((await login(owner, owner.password)).status).toBe(429);
      expect((await login(owner, owner.password, other)).status).toBe(200);
    });

    it("should not touch the account's budget while a known device's own budget lasts", async () => {
      const owner = await auth.register(accountInput(), clientIp());
      const device = await knownDevice(owner);
      for (let i = 0; i < 3; i++) expect((await login(owner, `typo ${i}`, device)).status).toBe(401);
      for (let i = 0; i < 4; i++) expect((await login(owner, `unknown ${i}`)).status).toBe(401);

      expect((await login(owner, owner.password)).status).toBe(200);
    });

    it("should take a forged, tampered or another account's cookie for an unknown device", async () => {
      const owner = await auth.register(accountInput(), clientIp());
      const someoneElse = await auth.register(accountInput(), clientIp());
      const genuine = (await knownDevice(owner)).cookie;
      const othersCookie = await knownDevice(someoneElse);
      await lockOutUnknownDevices(owner);
      const [name, value] = genuine.split('=');
      const tampered = `${name}=${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`;

      const answers = [
        await login(owner, owner.password, othersCookie),
        await login(owner, owner.password, { cookie: `${name}=v1.${'A'.repeat(22)}.${'B'.repeat(43)}` }),
        await login(owner, owner.password, { cookie: tampered }),
        await login(owner, owner.password, { cookie: `${name}=garbage` }),
      ];

      expect(answers.map((a) => a.status)).toEqual([429, 429, 429, 429]);
      expect((await login(owner, owner.password, { cookie: `theme=dark; ${genuine}; lang=en` })).status).toBe(200);
    });

    it("should not let anyone block the owner's password recovery: reset requests are counted per address and per account and address", async () => {
      const mailbox = await EventTap.open(AUTH_PASSWORD_RESET_REQUESTED_V1.routingKey, 'auth');
      const owner = await auth.register(accountInput(), clientIp());
      const ownersAddress = clientIp();

      const fromElsewhere: number[] = [];
      // more than the former per-account limit (AUTH_RESET_MAX_PER_ACCOUNT_PER_HOUR, 5 by default) from many addresses
      for (let i = 0; i < 6; i++) fromElsewhere.push((await auth.post('/password/forgot', { email: owner.email }, clientIp())).status);
      const fromOwner = await auth.post('/password/forgot', { email: owner.email }, ownersAddress);

      expect(fromElsewhere).toEqual([202, 202, 202, 202, 202, 202]);
      expect(fromOwner.status).toBe(202);
      // every request was served: the owner's reset e-mail goes out too (the relay deletes these events from the outbox)
      try {
        await mailbox.waitFor(7, (e) => e.data.userId === owner.id, "7 reset events of the owner's account");
      } finally {
        await mailbox.close();
      }
    });
  });

  describe('with Redis down', () => {
    afterEach(() => redis.restore());

    it('should fail closed: logins and registrations answer 503 at once, nothing is attempted, and authenticated calls too', async () => {
      const account = accountInput();
      await auth.register(account, clientIp());
      const { accessToken } = await auth.login(account);
      redis.cut();

      const started = Date.now();
      const login = await auth.post('/login', { email: account.email, password: account.password }, clientIp());
      const me = await auth.get('/me', bearer(accessToken));

      expect(login.status).toBe(503);
      expect(login.body).toMatchObject({ code: 'DEPENDENCY.UNAVAILABLE', message: expect.stringContaining('brute-force') as unknown });
      expect(login.headers.get('retry-after')).toBeTruthy();
      expect(me.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await auth.post('/register', accountInput(), clientIp())).status).toBe(503);
    });
  });
});
