import { createHash } from 'node:crypto';
import { decodeToken } from '@taskhub/platform-testing';
import { AuthHarness, bearer } from './support/auth-harness';

interface CreatedKey {
  id: string;
  key: string;
  name: string;
  prefix: string;
  expiresAt: string | null;
}

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
    expect(created.body).toMatchObject({ name: 'ci pipeline', key: expect.stringMatching(/^thk_[\w-]{43}$/) as unknown, expiresAt: null });
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);
    const stored = await auth.dataSource.query<{ key_hash: Buffer }[]>(`SELECT key_hash FROM api_key WHERE account_id = $1`, [account.id]);
    expect(stored[0].key_hash.equals(createHash('sha256').update(created.body.key).digest())).toBe(true);
    const list = await auth.get<{ items: Record<string, unknown>[]; nextCursor: null }>('/api-keys', headers);
    expect(list.body.items).toEqual([
      { id: created.body.id, name: 'ci pipeline', prefix: created.body.prefix, createdAt: expect.any(String) as unknown, expiresAt: null, lastUsedAt: null },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
  });

  it('should exchange a key for a short-lived access token of its account, and record its use', async () => {
    const { account, auth: headers } = await auth.signedIn();
    const { body: key } = await auth.post<CreatedKey>('/api-keys', { name: 'script' }, headers);

    const exchanged = await auth.post<{ accessToken: string; tokenType: string; expiresIn: number }>('/token', { apiKey: key.key });

    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toEqual({ accessToken: expect.any(String) as unknown, tokenType: 'Bearer', expiresIn: 300 });
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
    const { body: key } = await auth.post<CreatedKey>('/api-keys', { name: 'cron' }, headers);
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
});
