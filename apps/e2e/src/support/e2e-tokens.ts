import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stackInfo } from './stack-info';

/** Access tokens live 15 minutes; the gateway refuses an exp more than 900 s away (jwt maximum_expiration). */
const LIFETIME_SECONDS = 600;
const RENEW_BEFORE_SECONDS = 120;

let signingKey: KeyObject | undefined;
let cached: { token: string; exp: number } | undefined;

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/**
 * An RS256 access token signed with the e2e stack's key (kid in the JOSE header), as the auth service will issue
 * them; one is reused until it gets close to its expiry.
 */
export function accessToken(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const custom = Object.keys(claims).length > 0;
  if (!custom && cached && cached.exp - now > RENEW_BEFORE_SECONDS) return cached.token;
  const { keysDir, kid } = stackInfo().jwt;
  signingKey ??= createPrivateKey(readFileSync(path.join(keysDir, `${kid}.private.pem`), 'utf8'));
  const payload = { sub: 'e2e-user', iat: now, exp: now + LIFETIME_SECONDS, ...claims };
  const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }))}.${b64url(JSON.stringify(payload))}`;
  const token = `${input}.${b64url(sign('sha256', Buffer.from(input), signingKey))}`;
  if (!custom) cached = { token, exp: payload.exp };
  return token;
}
