import { createHash } from 'node:crypto';
import { decodeToken } from '@taskhub/platform-testing';
import { AuthHarness, bearer } from './support/auth-harness';

interface CreatedKey {
  id: string;
  key: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string;
}

type ErrorBody = { statusCode: number; code: string; message: string; correlationId: string; details?: { field: string }[] };

const DAY_MS = 24 * 3600 * 1000;

describe('auth-service API keys', () => {
  let auth: AuthHarness;

  beforeAll(async () => {
    auth = await AuthHarness.start({ label: 'auth_apikeys', env: { AUTH_TOKEN_EXCHANGE_MAX_PER_IP_PER_MINUTE: '1000' } });
  });

  afterAll(async () => {
    await auth?.close();
  });

  it('should show a new key once, store only its hash, and list it without the key', async () => {
    const { account, auth: headers } = await auth.signedIn();

    const created = await auth.post<CreatedKey>('/api-keys', { name: 'ci pipeline' }, headers);

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ci pipeline', key: expect.stringMatching(/^thk_[\w-]{43}$/) as unknown, scopes: ['read'] });
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);
    const stored = await auth.dataSource.query<{ key_hash: Buffer }[]>(`SELECT key_hash FROM api_key WHERE account_id = $1`, [account.id]);
    expect(stored[0].key_hash.equals(createHash('sha256').update(created.body.key).digest())).toBe(true);
    const list = await auth.get<{ items: Record<string, unknown>[]; nextCursor: null }>('/api-keys', headers);
    expect(list.body.items).toEqual([
      {
        id: created.body.id,
        name: 'ci pipeline',
        prefix: created.body.prefix,
        scopes: ['read'],
        createdAt: expect.any(String) as unknown,
        expiresAt: created.body.expiresAt,
        lastUsedAt: null,
      },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
  });

  it('should exchange a key for a short-lived access token of its account, and record its use', async () => {
    const { account, auth: headers } = await auth.signedIn();
    const { body: key } = await auth.post<CreatedKey>('/api-keys', { name: 'script' }, headers);

    const exchanged = await auth.post<{ accessToken: string; tokenType: string; expiresIn: number }>('/token', { apiKey: key.key });

    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toEqual({ accessToken: expect.any(String) as unknown, tokenType: 'Bearer', expiresIn: 300, scope: 'read' });
    expect(exchanged.body).not.toHaveProperty('refreshToken');
    expect(decodeToken(exchanged.body.accessToken).payload).toMatchObject({ sub: account.id, sid: key.id });
    expect((await auth.get('/me', bearer(exchanged.body.accessToken))).body).toMatchObject({ id: account.id });
    const [listed] = (await auth.get<{ items: { lastUsedAt: string | null }[] }>('/api-keys', headers)).body.items;
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('should stop new exchanges and end the tokens of a revoked key at once', async () => {
    const { auth: headers } = await auth.signedIn();
    const { body: key } = await auth.post<CreatedKey>('/api-keys', { name: 'to revoke' }, headers);
    const { body: exchanged } = await auth.post<{ accessToken: string }>('/token', { apiKey: key.key });

    const revoked = await auth.request('DELETE', `/api-keys/${key.id}`, undefined, headers);

    expect(revoked.status).toBe(204);
    expect((await auth.post('/token', { apiKey: key.key })).body).toMatchObject({ code: 'AUTH.API_KEY_INVALID' });
    expect((await auth.get('/me', bearer(exchanged.accessToken))).body).toMatchObject({ code: 'AUTH.SESSION_ENDED' });
    expect((await auth.get<{ items: unknown[] }>('/api-keys', headers)).body.items).toEqual([]);
    expect((await auth.request('DELETE', `/api-keys/${key.id}`, undefined, headers)).status).toBe(404);
  });

  it('should end only the calling token on logout with an API-key token; the key keeps working', async () => {
    const { auth: headers } = await auth.signedIn();
    const { body: key } = await auth.post<CreatedKey>('/api-keys', { name: 'cron', scopes: ['read', 'write'] }, headers);
    const first = (await auth.post<{ accessToken: string }>('/token', { apiKey: key.key })).body.accessToken;
    const second = (await auth.post<{ accessToken: string }>('/token', { apiKey: key.key })).body.accessToken;

    expect((await auth.post('/logout', undefined, bearer(first))).status).toBe(204);

    expect((await auth.get('/me', bearer(first))).body).toMatchObject({ code: 'AUTH.SESSION_ENDED' });
    expect((await auth.get('/me', bearer(second))).status).toBe(200);
    const third = (await auth.post<{ accessToken: string }>('/token', { apiKey: key.key })).body.accessToken;
    expect((await auth.get('/me', bearer(third))).status).toBe(200);
    expect((await auth.get('/me', headers)).status).toBe(200);
  });

  it("should not let one account revoke another's key", async () => {
    const owner = await auth.signedIn();
    const other = await auth.signedIn();
    const { body: key } = await auth.post<CreatedKey>('/api-keys', { name: 'mine' }, owner.auth);

    expect((await auth.request('DELETE', `/api-keys/${key.id}`, undefined, other.auth)).status).toBe(404);
    expect((await auth.post('/token', { apiKey: key.key })).status).toBe(200);
  });

  it('should refuse an expired key, and an expiry in the past', async () => {
    const { auth: headers } = await auth.signedIn();
    const past = await auth.post('/api-keys', { name: 'old', expiresAt: '2020-01-01T00:00:00Z' }, headers);
    const { body: key } = await auth.post<CreatedKey>('/api-keys', { name: 'soon', expiresAt: new Date(Date.now() + 60_000).toISOString() }, headers);
    await auth.dataSource.query(`UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1`, [key.id]);

    expect(past.status).toBe(400);
    expect((await auth.post('/token', { apiKey: key.key })).status).toBe(401);
  });

  it('should give a key the read scope and a 90-day expiry unless asked otherwise, and refuse more than 365 days', async () => {
    const { auth: headers } = await auth.signedIn();
    const before = Date.now();

    const defaulted = await auth.post<CreatedKey>('/api-keys', { name: 'defaults' }, headers);
    const chosen = await auth.post<CreatedKey>('/api-keys', { name: 'chosen', scopes: ['write', 'read'], expiresAt: new Date(before + 365 * DAY_MS - 60_000).toISOString() }, headers);
    const tooLong = await auth.post<ErrorBody>('/api-keys', { name: 'forever', expiresAt: new Date(before + 366 * DAY_MS).toISOString() }, headers);

    expect(defaulted.status).toBe(201);
    expect(defaulted.body.scopes).toEqual(['read']);
    expect(Date.parse(defaulted.body.expiresAt) - before).toBeGreaterThanOrEqual(90 * DAY_MS);
    expect(Date.parse(defaulted.body.expiresAt) - Date.now()).toBeLessThanOrEqual(90 * DAY_MS);
    expect(chosen.status).toBe(201);
    expect(chosen.body.scopes).toEqual(['read', 'write']);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', details: [{ field: 'expiresAt' }] });
  });

  it.each([
    ['no scopes', { scopes: [] }],
    ['an unknown scope', { scopes: ['read', 'delete'] }],
    ['the admin role as a scope', { scopes: ['admin'] }],
    ['a repeated scope', { scopes: ['read', 'read'] }],
    ['scopes that are not a list', { scopes: 'read write' }],
  ])('should refuse a key with %s (400) and create nothing', async (_case, body) => {
    const { auth: headers } = await auth.signedIn();

    const response = await auth.post<ErrorBody>('/api-keys', { name: 'odd', ...body }, headers);

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', details: [{ field: 'scopes' }] });
    expect((await auth.get<{ items: unknown[] }>('/api-keys', headers)).body.items).toEqual([]);
  });

  it("should put the key's scopes in its tokens and never the admin role, whatever the account holds", async () => {
    const { account } = await auth.signedIn('admin');
    await auth.grantAdmin(account.id);
    const adminSession = bearer((await auth.login(account)).accessToken);
    const { body: key } = await auth.post<CreatedKey>('/api-keys', { name: 'admin script', scopes: ['read', 'write'] }, adminSession);

    const exchanged = await auth.post<{ accessToken: string; scope: string }>('/token', { apiKey: key.key });

    expect(exchanged.body.scope).toBe('read write');
    expect(decodeToken(exchanged.body.accessToken).payload).toMatchObject({ sub: account.id, sid: key.id, roles: ['user'], scope: 'read write' });
    expect((await auth.get('/accounts', adminSession)).status).toBe(200);
    const asKey = await auth.get<ErrorBody>('/accounts', bearer(exchanged.body.accessToken));
    expect(asKey.status).toBe(403);
    expect(asKey.body).toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it("should not let a key's token create, list or revoke keys: 403 AUTH.LOGIN_SESSION_REQUIRED, nothing changed", async () => {
    const { auth: session } = await auth.signedIn();
    const { body: key } = await auth.post<CreatedKey>('/api-keys', { name: 'full', scopes: ['read', 'write'] }, session);
    const asKey = bearer((await auth.post<{ accessToken: string }>('/token', { apiKey: key.key })).body.accessToken);

    const answers = [
      await auth.post<ErrorBody>('/api-keys', { name: 'another', scopes: ['read', 'write'] }, asKey),
      await auth.get<ErrorBody>('/api-keys', asKey),
      await auth.request<ErrorBody>('DELETE', `/api-keys/${key.id}`, undefined, asKey),
    ];

    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({
        statusCode: 403,
        code: 'AUTH.LOGIN_SESSION_REQUIRED',
        message: "API keys are managed with a login session's token, not with a token exchanged for an API key",
        correlationId: expect.any(String) as unknown,
      });
    }
    expect((await auth.get<{ items: { id: string }[] }>('/api-keys', session)).body.items.map((k) => k.id)).toEqual([key.id]);
    expect((await auth.get('/me', asKey)).status).toBe(200);
  });

  it("should let a read key's token read but not write: 403 AUTH.INSUFFICIENT_SCOPE, WWW-Authenticate insufficient_scope", async () => {
    const { auth: session } = await auth.signedIn();
    const { body: key } = await auth.post<CreatedKey>('/api-keys', { name: 'reader', scopes: ['read'] }, session);
    const asKey = bearer((await auth.post<{ accessToken: string }>('/token', { apiKey: key.key })).body.accessToken);

    const write = await auth.post<ErrorBody>('/logout', undefined, asKey);

    expect(write.status).toBe(403);
    expect(write.body).toEqual({
      statusCode: 403,
      code: 'AUTH.INSUFFICIENT_SCOPE',
      message: 'this needs the scope write, which the API key of this token does not have',
      correlationId: expect.any(String) as unknown,
    });
    expect(write.headers.get('www-authenticate')).toBe('Bearer realm="taskhub", error="insufficient_scope", scope="write"');
    expect((await auth.get('/me', asKey)).status).toBe(200);
  });

  it("should record a key's last use when it is exchanged, at most once a minute", async () => {
    const { auth: headers } = await auth.signedIn();
    const { body: key } = await auth.post<CreatedKey>('/api-keys', { name: 'busy' }, headers);
    const lastUsed = async (): Promise<Date | null> =>
      (await auth.dataSource.query<{ last_used_at: Date | null }[]>(`SELECT last_used_at FROM api_key WHERE id = $1`, [key.id]))[0].last_used_at;

    await auth.post('/token', { apiKey: key.key });
    const first = await lastUsed();
    await auth.post('/token', { apiKey: key.key });
    const second = await lastUsed();
    await auth.dataSource.query(`UPDATE api_key SET last_used_at = now() - interval '61 seconds' WHERE id = $1`, [key.id]);
    const aged = await lastUsed();
    await auth.post('/token', { apiKey: key.key });
    const third = await lastUsed();

    expect(first).not.toBeNull();
    expect(second).toEqual(first);
    expect(third!.getTime()).toBeGreaterThan(aged!.getTime());
  });
});
