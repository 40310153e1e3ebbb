import { callAuth, registerAccount } from '../support/e2e-auth';

jest.setTimeout(60_000);

/**
 * The device cookie crosses the gateway both ways: Set-Cookie back to the client, Cookie on to the auth service. The
 * stack allows 10 failed logins per account from unknown devices (AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR).
 */
describe('device cookies through the gateway', () => {
  it("should let the owner's known device log in after failures from unknown devices spent the account's budget", async () => {
    const owner = await registerAccount('device');
    const credentials = { email: owner.email, password: owner.password };
    const first = await callAuth('POST', '/login', { body: credentials });
    const setCookie = first.headers.getSetCookie().find((c) => c.startsWith('taskhub_device=')) ?? '';
    const cookie = setCookie.slice(0, setCookie.indexOf(';'));

    const failures: number[] = [];
    for (let i = 0; i < 11; i++) failures.push((await callAuth('POST', '/login', { body: { email: owner.email, password: `guess ${i}` } })).status);
    const fromKnownDevice = await callAuth('POST', '/login', { body: credentials, headers: { cookie } });
    const fromNewDevice = await callAuth('POST', '/login', { body: credentials });

    expect(first.status).toBe(200);
    expect(setCookie).toMatch(/^taskhub_device=v1\.[\w-]+\.[\w-]+; Path=\/api\/v1\/auth; Max-Age=\d+; HttpOnly; SameSite=Strict/);
    expect(failures).toEqual([...Array<number>(10).fill(401), 429]);
    expect(fromKnownDevice.status).toBe(200);
    expect(fromKnownDevice.headers.getSetCookie()).toEqual([expect.stringMatching(/^taskhub_device=/)]);
    expect(fromNewDevice.status).toBe(429);
  });
});
