import { randomBytes } from 'node:crypto';
import { waitFor } from '@taskhub/platform-testing';
import { toService, viaGateway } from '../support/e2e-client';
import { type E2eTokens, login, registerAccount } from '../support/e2e-auth';

jest.setTimeout(60_000);

interface Profile {
  id: string;
  email?: string;
  displayName: string;
}

/**
 * The user service as a client sees it through the gateway: the profile made from auth's event, renamed and read
 * back at once (through the cache), and the directory searched and paged.
 */
describe('users through the gateway', () => {
  const call = (tokens: E2eTokens, method: string, path: string, body?: unknown) =>
    viaGateway(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('should create the profile from the registration, rename it, find another user and page through the directory', async () => {
    const tag = `e${[...randomBytes(5)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
    const ada = await registerAccount(`${tag}-ada`);
    const adaTokens = await login(ada);

    const created = await waitFor(
      async () => {
        const response = await call(adaTokens, 'GET', '/users/me');
        return response.status === 200 && response.json<Profile>();
      },
      { description: "Ada's profile, created from auth.user.registered.v1", timeoutMs: 5_000 },
    );
    expect(created).toMatchObject({ id: ada.id, email: ada.email, displayName: `E2E ${tag}-ada` });

    const renamed = await call(adaTokens, 'PATCH', '/users/me', { displayName: `${tag} Ada Lovelace` });
    const readBack = await call(adaTokens, 'GET', '/users/me');
    expect(renamed.status).toBe(200);
    expect(readBack.json<Profile>().displayName).toBe(`${tag} Ada Lovelace`);

    const others: { id: string; tokens: E2eTokens }[] = [];
    for (const name of ['Bea', 'Cal', 'Dee']) {
      const account = await registerAccount(`${tag}-${name.toLowerCase()}`);
      const tokens = await login(account);
      await waitFor(async () => (await call(tokens, 'GET', '/users/me')).status === 200, { description: `${name}'s profile` });
      expect((await call(tokens, 'PATCH', '/users/me', { displayName: `${tag} ${name}` })).status).toBe(200);
      others.push({ id: account.id, tokens });
    }

    const bea = await call(adaTokens, 'GET', `/users/${others[0].id}`);
    expect(bea.status).toBe(200);
    expect(bea.json<Profile>()).toMatchObject({ id: others[0].id, displayName: `${tag} Bea` });
    expect(bea.json<Profile>().email).toBeUndefined();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(adaTokens, 'GET', `/users?q=${tag}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      const body = page.json<{ items: Profile[]; nextCursor: string | null }>();
      seen.push(...body.items.map((p) => p.displayName));
      cursor = body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([`${tag} Ada Lovelace`, `${tag} Bea`, `${tag} Cal`, `${tag} Dee`]);
  });

  it("should leave no event in auth's or the user service's outbox: every one has a consumer", async () => {
    const account = await registerAccount('outbox');
    const tokens = await login(account);
    await waitFor(async () => (await call(tokens, 'GET', '/users/me')).status === 200, { description: 'the profile' });
    await call(tokens, 'PUT', '/users/me/preferences', { kinds: {}, digest: { enabled: true, hour: 9 }, quietHours: null });

    for (const service of ['auth', 'user'] as const) {
      const outbox = await waitFor(
        async () => {
          const health = await toService(service, '/health');
          const details = health.json<{ details: { outbox: { status: string; pending: number } } }>().details.outbox;
          return details.pending === 0 && details;
        },
        { description: `${service}'s outbox to be empty` },
      );
      expect(outbox).toEqual({ status: 'up', pending: 0, oldestAgeSeconds: 0 });
    }
  });
});
