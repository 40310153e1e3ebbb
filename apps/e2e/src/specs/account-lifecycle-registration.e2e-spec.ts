import { randomBytes } from 'node:crypto';
import { waitFor } from '@taskhub/platform-testing';
import { callAuth, linkTokenIn, login, registerAccount } from '../support/e2e-auth';
import { type HttpResult, viaGateway } from '../support/e2e-client';
import { mailTo } from '../support/e2e-mailbox';

jest.setTimeout(90_000);

/**
 * Issue 13, registration and e-mail verification, through the gateway as a person would: registration that tells
 * nothing, the verification link, what an unverified account may not do, and the e-mail change with its confirmation
 * and cancel links, each e-mail read from the run's mailbox.
 */
describe('account lifecycle: registration, verification and e-mail change through the gateway', () => {
  const tag = (): string => randomBytes(4).toString('hex');
  const password = (): string => `amber ${tag()} harbour lamp`;
  const as = (accessToken: string, method: string, path: string, body?: unknown): Promise<HttpResult> =>
    viaGateway(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const subjects = (address: string): string[] => mailTo(address).map((m) => m.subject);
  /** what a client can compare between two answers: the request id and the date differ by nature */
  const comparable = (r: HttpResult): unknown => ({
    status: r.status,
    body: r.text,
    contentType: r.headers.get('content-type'),
    contentLength: r.headers.get('content-length'),
    location: r.headers.get('location'),
    setCookie: r.headers.get('set-cookie'),
    cacheControl: r.headers.get('cache-control'),
  });

  it('should answer a taken and a new address identically, and e-mail the right message to each address', async () => {
    const owner = await registerAccount('owner');
    const fresh = `fresh-${tag()}@example.com`;

    const forTaken = await callAuth('POST', '/register', { body: { email: owner.email, password: password(), displayName: 'Someone Else' } });
    const forNew = await callAuth('POST', '/register', { body: { email: fresh, password: password(), displayName: 'Fresh Person' } });

    expect(comparable(forTaken)).toEqual(comparable(forNew));
    expect(forNew.status).toBe(202);
    expect(forNew.json()).toEqual({ status: 'accepted', message: 'If this address can be registered, a verification e-mail is on its way to it.' });
    await waitFor(() => subjects(owner.email).includes('Someone tried to register with your e-mail address'), { description: 'the registration-attempt notice' });
    await waitFor(() => subjects(fresh).includes('Verify your e-mail address for TaskHub'), { description: 'the verification e-mail' });
    expect(subjects(owner.email).filter((s) => s.startsWith('Verify'))).toHaveLength(1); // only its own, from its registration
    expect(subjects(fresh)).toEqual(['Verify your e-mail address for TaskHub']);
  });

  it('should keep an unverified account from API keys, webhooks and the directory, and allow all three once verified (once)', async () => {
    const name = `unv${[...randomBytes(5)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
    const account = await registerAccount(name, { verify: false });
    let { accessToken, refreshToken } = await login(account);
    const viewer = await login(await registerAccount('viewer'));
    const profile = await waitFor(async () => (await as(accessToken, 'GET', '/users/me')).status === 200, { description: 'the profile' });
    expect(profile).toBe(true); // its own data, unverified

    const key = await as(accessToken, 'POST', '/auth/api-keys', { name: 'ci' });
    const hook = await as(accessToken, 'POST', '/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['task.assigned'] });
    expect([key.status, key.json().code]).toEqual([403, 'AUTH.EMAIL_NOT_VERIFIED']);
    expect([hook.status, hook.json().code]).toEqual([403, 'AUTH.EMAIL_NOT_VERIFIED']);
    expect((await as(viewer.accessToken, 'GET', `/users?q=${name}`)).json<{ items: unknown[] }>().items).toEqual([]);
    expect((await as(viewer.accessToken, 'GET', `/users/${account.id}`)).status).toBe(200);

    const token = await linkTokenIn(account.email, 'verify-email');
    expect((await callAuth('POST', '/verify-email', { body: { token } })).status).toBe(204);
    const again = await callAuth('POST', '/verify-email', { body: { token } });
    expect([again.status, again.json().code]).toEqual([400, 'AUTH.VERIFICATION_TOKEN_INVALID']);

    // the new state reaches the token at the next refresh
    ({ accessToken, refreshToken } = (await callAuth('POST', '/refresh', { body: { refreshToken } })).json<{ accessToken: string; refreshToken: string }>());
    expect(refreshToken).toEqual(expect.any(String));
    expect((await as(accessToken, 'POST', '/auth/api-keys', { name: 'ci' })).status).toBe(201);
    expect((await as(accessToken, 'POST', '/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['task.assigned'] })).status).toBe(201);
    await waitFor(async () => (await as(viewer.accessToken, 'GET', `/users?q=${name}`)).json<{ items: { id: string }[] }>().items.some((p) => p.id === account.id), {
      description: 'the verified account in the directory',
    });
  });

  it('should change the address on confirmation from the new one, after notifying the old one, and then log in only with the new one', async () => {
    const account = await registerAccount('changer');
    const { accessToken } = await login(account);
    const newEmail = `changed-${tag()}@example.com`;

    expect((await as(accessToken, 'POST', '/auth/email-change', { newEmail, password: account.password })).status).toBe(202);
    const confirm = await linkTokenIn(newEmail, 'confirm-email-change');
    await waitFor(() => subjects(account.email).includes('Your TaskHub e-mail address is about to change'), { description: 'the notice to the old address' });
    expect(mailTo(account.email).find((m) => m.subject.includes('about to change'))?.text).toContain(newEmail);
    expect((await as(accessToken, 'GET', '/auth/me')).json().email).toBe(account.email); // not before the confirmation

    expect((await callAuth('POST', '/email-change/confirm', { body: { token: confirm } })).status).toBe(204);

    expect((await callAuth('POST', '/login', { body: { email: account.email, password: account.password } })).status).toBe(401);
    const fresh = await login({ email: newEmail, password: account.password });
    expect((await as(fresh.accessToken, 'GET', '/auth/me')).json()).toMatchObject({ id: account.id, email: newEmail, emailVerified: true });
    await waitFor(async () => (await as(fresh.accessToken, 'GET', '/users/me')).json().email === newEmail, { description: 'the profile with the new address' });
  });

  it('should cancel a change from the link sent to the old address', async () => {
    const account = await registerAccount('canceller');
    const { accessToken } = await login(account);
    const newEmail = `unwanted-${tag()}@example.com`;

    expect((await as(accessToken, 'POST', '/auth/email-change', { newEmail, password: account.password })).status).toBe(202);
    const cancel = await linkTokenIn(account.email, 'cancel-email-change');
    const confirm = await linkTokenIn(newEmail, 'confirm-email-change');

    expect((await callAuth('POST', '/email-change/cancel', { body: { token: cancel } })).status).toBe(204);

    const late = await callAuth('POST', '/email-change/confirm', { body: { token: confirm } });
    expect([late.status, late.json().code]).toEqual([400, 'AUTH.EMAIL_CHANGE_TOKEN_INVALID']);
    expect((await login(account)).accessToken).toEqual(expect.any(String));
    expect((await as(accessToken, 'GET', '/auth/me')).json().email).toBe(account.email);
  });
});
