import { AuthHarness, bearer, type HttpResult } from './support/auth-harness';

const minute = (): number => Math.floor(Date.now() / 60_000);

/** Per-user limits in the service (Kong maps every token to one consumer, so it can only limit per IP). */
describe('per-user rate limit (platform-auth)', () => {
  let auth: AuthHarness;

  beforeAll(async () => {
    auth = await AuthHarness.start({ label: 'auth_userlimit', env: { USER_RATE_LIMIT_PER_MINUTE: '5' } });
  });

  afterAll(async () => {
    await auth?.close();
  });

  it('should give each user a bucket of their own and answer 429 with Retry-After past it', async () => {
    const bob = await auth.signedIn('bob');
    let responses: HttpResult[] = [];
    // fixed UTC-minute windows: if a minute boundary falls inside the burst, run it again in the new window
    for (let attempt = 0; attempt < 3; attempt++) {
      const alice = await auth.signedIn('alice');
      const window = minute();
      responses = [];
      for (let i = 0; i < 6; i++) responses.push(await auth.get('/me', alice.auth));
      if (minute() === window) break;
    }

    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(responses[0].headers.get('ratelimit-limit')).toBe('5');
    expect(responses[0].headers.get('ratelimit-remaining')).toBe('4');
    expect(responses[5].body).toMatchObject({ statusCode: 429, code: 'REQUEST.RATE_LIMITED' });
    expect(Number(responses[5].headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await auth.get('/me', bob.auth)).status).toBe(200);
  });

  it("should not count a revoked token's requests against its user's limit", async () => {
    let remaining: (string | null)[] = [];
    let refused: HttpResult[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const ended = await auth.signedIn('carol');
      const other = bearer((await auth.login(ended.account)).accessToken);
      const window = minute();
      remaining = [(await auth.get('/me', ended.auth)).headers.get('ratelimit-remaining')];
      remaining.push((await auth.post('/logout', undefined, ended.auth)).headers.get('ratelimit-remaining'));
      refused = [];
      for (let i = 0; i < 3; i++) refused.push(await auth.get('/me', ended.auth));
      // carol's other session, same user: the three refused requests did not count
      remaining.push((await auth.get('/me', other)).headers.get('ratelimit-remaining'));
      if (minute() === window) break;
    }

    expect(refused.map((r) => [r.status, (r.body as { code?: string }).code])).toEqual(Array(3).fill([401, 'AUTH.SESSION_ENDED']));
    expect(remaining).toEqual(['4', '3', '2']);
  });
});
