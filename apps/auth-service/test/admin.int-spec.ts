import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { AUTH_USER_DISABLED_V1 } from '@taskhub/contracts';
import { PageCursors } from '@taskhub/platform-http';
import { decodeToken } from '@taskhub/platform-testing';
import { AuthHarness, bearer, type HttpResult, type NewAccount } from './support/auth-harness';

const exec = promisify(execFile);
const CLI = path.resolve(__dirname, '../../../dist/apps/auth-service/src/auth-admin.js');

type AccountPage = { items: { id: string; email: string }[]; nextCursor: string | null };
type ErrorBody = { statusCode: number; code: string; message: string; details?: unknown };

describe('auth-service admin', () => {
  let auth: AuthHarness;
  let admin: NewAccount;
  let adminAuth: Record<string, string>;

  /** auth-admin in the service's environment (its database, Redis and key folder), `env` on top. */
  const cliWith = (env: Record<string, string>, ...args: string[]): Promise<{ stdout: string }> => {
    const { databaseUrl, redisUrl, redisKeyPrefix, redisSharedKeyPrefix } = auth.service.config;
    return exec(process.execPath, [CLI, ...args], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: redisKeyPrefix,
        REDIS_SHARED_KEY_PREFIX: redisSharedKeyPrefix,
        AUTH_SIGNING_KEYS_DIR: auth.keysDir,
        ...env,
      },
    });
  };
  const cli = (...args: string[]): Promise<{ stdout: string }> => cliWith({}, ...args);

  beforeAll(async () => {
    auth = await AuthHarness.start({ label: 'auth_admin' });
    admin = await auth.register();
    const { stdout } = await cli('grant-role', admin.email, 'admin');
    expect(stdout).toContain('roles now user, admin');
    adminAuth = bearer((await auth.login(admin)).accessToken);
  }, 20_000); // a service, a registration through the broker (the verification link) and a CLI process

  afterAll(async () => {
    await auth?.close();
  });

  it('should put the role granted by auth-admin into the tokens issued afterwards', () => {
    expect(decodeToken(adminAuth.authorization.slice('Bearer '.length)).payload.roles).toEqual(['user', 'admin']);
  });

  it('should refuse the admin routes to a user with 403', async () => {
    const { auth: userAuth, account } = await auth.signedIn();

    const list = await auth.get('/accounts', userAuth);
    const disable = await auth.post(`/accounts/${admin.id}/disable`, undefined, userAuth);

    expect(list.status).toBe(403);
    expect(list.body).toMatchObject({ code: 'AUTH.FORBIDDEN' });
    expect(disable.status).toBe(403);
    expect((await auth.login(admin)).accessToken).toBeTruthy();
    expect((await auth.get('/me', userAuth)).body).toMatchObject({ id: account.id });
  });

  it('should list accounts newest first, a page at a time, without secrets', async () => {
    for (let i = 0; i < 3; i++) await auth.register();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`;
      const page = await auth.get<AccountPage>(`/accounts${query}`, adminAuth);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      expect(JSON.stringify(page.body)).not.toMatch(/argon2|password/i);
      seen.push(...page.body.items.map((a) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);

    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
  });

  describe('account list cursors and limits', () => {
    const listAccounts = (query: string): Promise<HttpResult<ErrorBody>> => auth.get<ErrorBody>(`/accounts?${query}`, adminAuth);
    const refusal = async (query: string): Promise<Omit<ErrorBody, 'details'> & { status: number }> => {
      const { status, body } = await listAccounts(query);
      return { status, statusCode: body.statusCode, code: body.code, message: body.message };
    };
    let cursor: string;

    beforeAll(async () => {
      await auth.register();
      const first = await auth.get<AccountPage>('/accounts?limit=1', adminAuth);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      cursor = first.body.nextCursor!;
      expect((await listAccounts(`limit=1&cursor=${cursor}`)).status).toBe(200);
    });

    it('should refuse a cursor whose position was changed, its MAC kept, with 400 REQUEST.INVALID_CURSOR', async () => {
      const [payload, mac] = cursor.split('.');
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { b: string; p: { id: string } };
      const forged = Buffer.from(JSON.stringify({ ...decoded, p: { id: 'ffffffff-ffff-7fff-bfff-ffffffffffff' } })).toString('base64url');

      expect(await refusal(`cursor=${forged}.${mac}`)).toEqual({
        status: 400,
        statusCode: 400,
        code: 'REQUEST.INVALID_CURSOR',
        message: 'the cursor was not issued by this service or was altered: pass nextCursor back unchanged',
      });
    });

    it('should refuse a cursor of another list with 400 REQUEST.INVALID_CURSOR', async () => {
      const cursors = auth.service.app.get(PageCursors);
      const ofAnotherList = cursors.page([{ id: admin.id }, { id: admin.id }], 1, (row) => row, { list: 'auth.api-keys', sort: '-id' }).nextCursor!;

      expect(await refusal(`cursor=${ofAnotherList}`)).toEqual({
        status: 400,
        statusCode: 400,
        code: 'REQUEST.INVALID_CURSOR',
        message: 'the cursor belongs to another list, sort or filter: repeat the query that returned it, or start again without a cursor',
      });
    });

    it.each(['not-one-of-ours', 'eyJiIjoiIn0.short', ''])('should refuse the garbage cursor "%s" with 400 REQUEST.INVALID_CURSOR', async (garbage) => {
      expect(await refusal(`cursor=${garbage}`)).toEqual({
        status: 400,
        statusCode: 400,
        code: 'REQUEST.INVALID_CURSOR',
        message: 'the cursor is malformed: pass nextCursor back exactly as the previous page returned it',
      });
    });

    it.each([
      ['0', { min: 'limit must not be less than 1' }],
      ['101', { max: 'limit must not be greater than 100' }],
      ['abc', { isInt: 'limit must be an integer number', min: 'limit must not be less than 1', max: 'limit must not be greater than 100' }],
    ])('should refuse limit=%s with 400 REQUEST.VALIDATION_FAILED', async (limit, constraints) => {
      const { status, body } = await listAccounts(`limit=${limit}`);

      expect(status).toBe(400);
      expect(body).toMatchObject({ statusCode: 400, code: 'REQUEST.VALIDATION_FAILED', message: 'request validation failed: limit' });
      expect(body.details).toEqual([{ field: 'limit', constraints }]);
    });
  });

  it('should disable an account: its sessions and API-key tokens end at once, it cannot log in, and auth.user.disabled.v1 goes out', async () => {
    const { account, tokens, auth: victim } = await auth.signedIn('victim');
    const { body: key } = await auth.post<{ key: string }>('/api-keys', { name: 'bot' }, victim);
    const { body: keyToken } = await auth.post<{ accessToken: string }>('/token', { apiKey: key.key });

    const response = await auth.post(`/accounts/${account.id}/disable`, undefined, adminAuth);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: account.id, status: 'disabled', disabledAt: expect.any(String) as unknown });
    expect((await auth.get('/me', victim)).body).toMatchObject({ code: 'AUTH.SESSION_ENDED' });
    expect((await auth.get('/me', bearer(keyToken.accessToken))).body).toMatchObject({ code: 'AUTH.SESSION_ENDED' });
    expect((await auth.post('/refresh', { refreshToken: tokens.refreshToken })).status).toBe(401);
    expect((await auth.post('/token', { apiKey: key.key })).status).toBe(401);
    expect((await auth.post('/login', { email: account.email, password: account.password })).body).toMatchObject({ code: 'AUTH.INVALID_CREDENTIALS' });
    expect((await auth.post(`/accounts/${account.id}/disable`, undefined, adminAuth)).status).toBe(200);
    const events = (await auth.outbox(AUTH_USER_DISABLED_V1.routingKey)).filter((e) => e.data.userId === account.id);
    expect(events).toEqual([expect.objectContaining({ data: { userId: account.id, disabledAt: expect.any(String) as unknown, disabledBy: admin.id } })]);
  });

  it('should end every session and API key of an account at once when auth-admin changes its role, and only its own', async () => {
    const { account, tokens, auth: session } = await auth.signedIn('promoted');
    const { body: key } = await auth.post<{ key: string }>('/api-keys', { name: 'bot' }, session);
    const keyToken = bearer((await auth.post<{ accessToken: string }>('/token', { apiKey: key.key })).body.accessToken);
    const bystander = await auth.signedIn();

    const { stdout } = await cli('grant-role', account.email, 'admin');

    expect(stdout).toContain('roles now user, admin');
    expect(stdout).toContain('1 session and 1 API key ended');
    expect((await auth.get('/me', session)).body).toMatchObject({ code: 'AUTH.SESSION_ENDED' });
    expect((await auth.post('/refresh', { refreshToken: tokens.refreshToken })).status).toBe(401);
    expect((await auth.get('/me', keyToken)).body).toMatchObject({ code: 'AUTH.SESSION_ENDED' });
    expect((await auth.post('/token', { apiKey: key.key })).status).toBe(401);
    expect((await auth.get('/me', bystander.auth)).status).toBe(200);
    expect(decodeToken((await auth.login(account)).accessToken).payload.roles).toEqual(['user', 'admin']);
  });

  it("should take the admin role away at once: the admin's tokens end with revoke-role, the next login is a user's", async () => {
    const { account } = await auth.signedIn('demoted');
    await cli('grant-role', account.email, 'admin');
    const asAdmin = bearer((await auth.login(account)).accessToken);
    expect((await auth.get('/accounts', asAdmin)).status).toBe(200);

    await cli('revoke-role', account.email, 'admin');

    expect((await auth.get('/accounts', asAdmin)).body).toMatchObject({ code: 'AUTH.SESSION_ENDED' });
    const asUser = bearer((await auth.login(account)).accessToken);
    expect((await auth.get('/accounts', asUser)).status).toBe(403);
  });

  it('should end nothing when a role command changes nothing', async () => {
    const { stdout } = await cli('grant-role', admin.email, 'admin');

    expect(stdout).toContain('nothing to change');
    expect((await auth.get('/accounts', adminAuth)).status).toBe(200);
  });

  it('should change no role when it cannot end the sessions (Redis unreachable), and say so', async () => {
    const { account, auth: session } = await auth.signedIn('unlucky');

    await expect(cliWith({ REDIS_URL: 'redis://127.0.0.1:1' }, 'grant-role', account.email, 'admin')).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining('Redis') as unknown,
    });

    expect((await auth.get('/me', session)).body).toMatchObject({ roles: ['user'] });
  });

  it('should answer 404 for an unknown account and 400 for a malformed id', async () => {
    expect((await auth.post('/accounts/01900000-0000-7000-8000-000000000000/disable', undefined, adminAuth)).status).toBe(404);
    expect((await auth.post('/accounts/nope/disable', undefined, adminAuth)).status).toBe(400);
  });

  it('should tell the operator about an unknown account or role', async () => {
    await expect(cli('grant-role', 'nobody@example.com', 'admin')).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('no account') as unknown });
    await expect(cli('grant-role', admin.email, 'root')).rejects.toMatchObject({ code: 2, stdout: expect.stringContaining('unknown role') as unknown });
  });
});
