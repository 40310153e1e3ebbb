import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { waitFor } from '@taskhub/platform-testing';
import { type HttpResult, viaGateway } from './e2e-client';
import { mailTo } from './e2e-mailbox';

export interface E2eAccount {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  /** the login session registerAccount opened to read the id (reuse it rather than open another) */
  readonly tokens: E2eTokens;
}

export interface E2eTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** Every answer the auth helpers got, for "no response ever contains a secret" checks. */
export const seenResponses: string[] = [];

/** A JSON call through the gateway; `token` as a bearer, or anonymous. */
export async function callAuth(method: string, route: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const result = await viaGateway(`/api/v1/auth${route}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    anonymous: options.token === undefined && headers.authorization === undefined,
  });
  seenResponses.push(result.text);
  return result;
}

/**
 * callAuth, asked again up to three times after a 503, as a client should: the brute-force counters fail closed when
 * a Redis call times out on a loaded machine, before any work (a retried registration answers 202 like the first,
 * the address taken or not). For the helpers that need the call to succeed; the outage specs call callAuth.
 */
async function callAuthRetrying(method: string, route: string, options: { body?: unknown }): Promise<HttpResult> {
  let response = await callAuth(method, route, options);
  for (let retry = 0; retry < 3 && response.status === 503; retry++) {
    await sleep(500);
    response = await callAuth(method, route, options);
  }
  return response;
}

/** The token of the link in the newest e-mail to `address` whose link goes to `page` (e.g. `verify-email`), once it has arrived. */
export async function linkTokenIn(address: string, page: string): Promise<string> {
  const pattern = new RegExp(`/${page}\\?token=([^\\s&]+)`);
  return waitFor(
    () => {
      const token = mailTo(address)
        .map((mail) => pattern.exec(mail.text)?.[1])
        .filter((t): t is string => t !== undefined)
        .at(-1);
      return token === undefined ? undefined : decodeURIComponent(token);
    },
    { description: `the ${page} link e-mailed to ${address}` },
  );
}

/**
 * Registers a new account through the gateway (a unique e-mail, a password the policy accepts): 202 without an id, so
 * the id comes from GET /auth/me after a login. Unless `verify` is false, the link of the verification e-mail (from
 * the run's mailbox) is followed first, as most specs need an account that may create API keys and webhooks. The
 * login session it opens for that comes back as `tokens`.
 */
export async function registerAccount(label = 'e2e', options: { verify?: boolean } = {}): Promise<E2eAccount> {
  const email = `${label}-${randomBytes(4).toString('hex')}@example.com`;
  const password = `amber ${randomBytes(4).toString('hex')} harbour lamp`;
  const response = await callAuthRetrying('POST', '/register', { body: { email, password, displayName: `E2E ${label}` } });
  if (response.status !== 202) throw new Error(`register answered ${response.status}: ${response.text}`);
  if (options.verify !== false) {
    const verified = await callAuthRetrying('POST', '/verify-email', { body: { token: await linkTokenIn(email, 'verify-email') } });
    if (verified.status !== 204) throw new Error(`verify-email answered ${verified.status}: ${verified.text}`);
  }
  const tokens = await login({ email, password });
  const me = await callAuth('GET', '/me', { token: tokens.accessToken });
  return { id: me.json<{ id: string }>().id, email, password, tokens };
}

export async function login(account: Pick<E2eAccount, 'email' | 'password'>): Promise<E2eTokens> {
  const response = await callAuthRetrying('POST', '/login', { body: { email: account.email, password: account.password } });
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${response.text}`);
  return response.json<E2eTokens>();
}
