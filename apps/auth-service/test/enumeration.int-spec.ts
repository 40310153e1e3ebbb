import { AuthHarness } from './support/auth-harness';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * An unknown e-mail and a wrong password must look the same: status, body (but for the correlation id) and time. The
 * time is compared side by side in one run, interleaved, by medians: the unknown e-mail is verified against a dummy
 * argon2id hash. Without that dummy it answers in about a millisecond against ~50 ms, and this test fails.
 */
describe('auth-service login enumeration', () => {
  let auth: AuthHarness;

  beforeAll(async () => {
    auth = await AuthHarness.start({ label: 'auth_enumeration', env: { AUTH_LOGIN_MAX_ATTEMPTS_PER_IP_PER_MINUTE: '1000' } });
  });

  afterAll(async () => {
    await auth?.close();
  });

  const attempt = async (email: string): Promise<{ status: number; body: Record<string, unknown>; ms: number }> => {
    const started = performance.now();
    const response = await auth.post('/login', { email, password: 'not the password at all' });
    return { status: response.status, body: response.body, ms: performance.now() - started };
  };

  it('should answer an unknown e-mail and a wrong password with the same status, body and, within noise, time', async () => {
    const account = await auth.register();
    await attempt(account.email); // warm both paths
    await attempt('warm-up@example.com');
    const known: number[] = [];
    const unknown: number[] = [];
    let i = 0;
    for (; i < 15; i++) {
      const wrong = await attempt(account.email);
      const missing = await attempt(`nobody-${i}@example.com`);
      expect(wrong.status).toBe(401);
      expect(missing.status).toBe(401);
      const { correlationId: _a, ...wrongBody } = wrong.body;
      const { correlationId: _b, ...missingBody } = missing.body;
      expect(missingBody).toEqual(wrongBody);
      known.push(wrong.ms);
      unknown.push(missing.ms);
    }

    const [k, u] = [median(known), median(unknown)];
    // both pay for one argon2id verification (tens of ms); what is left is noise of a few ms
    expect(Math.abs(k - u)).toBeLessThan(0.3 * Math.max(k, u));
    expect(u).toBeGreaterThan(10);
  });
});
