import { randomBytes } from 'node:crypto';
import { type HttpResult, viaGateway } from './e2e-client';

export interface E2eAccount {
  readonly id: string;
  readonly email: string;
  readonly password: string;
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

/** Registers a new account through the gateway (a unique e-mail, a password the policy accepts). */
export async function registerAccount(label = 'e2e'): Promise<E2eAccount> {
  const email = `${label}-${randomBytes(4).toString('hex')}@example.com`;
  const password = `amber ${randomBytes(4).toString('hex')} harbour lamp`;
  const response = await callAuth('POST', '/register', { body: { email, password, displayName: `E2E ${label}` } });
  if (response.status !== 201) throw new Error(`register answered ${response.status}: ${response.text}`);
  return { id: response.json<{ id: string }>().id, email, password };
}

export async function login(account: Pick<E2eAccount, 'email' | 'password'>): Promise<E2eTokens> {
  const response = await callAuth('POST', '/login', { body: { email: account.email, password: account.password } });
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${response.text}`);
  return response.json<E2eTokens>();
}
