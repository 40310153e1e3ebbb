import { createHmac, createPrivateKey, randomUUID, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Builds JWTs the way an attacker (or an honest test) would: any header, any payload, signed with a real private key,
 * HMAC-"signed" with a public key, or not signed at all. For the security suites only.
 */
export interface ForgeOptions {
  readonly header?: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** RS256 with the private key of `kid` in a key folder (`<kid>.private.pem`). */
export function signRs256(keysDir: string, kid: string, options: ForgeOptions): string {
  const key = createPrivateKey(readFileSync(path.join(keysDir, `${kid}.private.pem`)));
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid, ...options.header })}.${b64(options.payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** The classic key-confusion attack: HS256 with the PEM of the public key as the HMAC secret. */
export function signHs256WithPublicKey(keysDir: string, kid: string, options: ForgeOptions): string {
  const secret = readFileSync(path.join(keysDir, `${kid}.public.pem`));
  const input = `${b64({ alg: 'HS256', typ: 'JWT', kid, ...options.header })}.${b64(options.payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** `alg: none`, no signature. */
export function unsignedToken(kid: string, options: ForgeOptions): string {
  return `${b64({ alg: 'none', typ: 'JWT', kid, ...options.header })}.${b64(options.payload)}.`;
}

/** The claims of a well-formed TaskHub access token for `sub` (a verified address), valid for `ttlSeconds`; override any of them. */
export function accessClaims(sub: string, overrides: Record<string, unknown> = {}, ttlSeconds = 300): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { iss: 'taskhub-auth', aud: 'taskhub-api', sub, iat: now, exp: now + ttlSeconds, jti: randomUUID(), roles: ['user'], sid: randomUUID(), email_verified: true, ...overrides };
}

/** The token with one payload claim changed and the original signature kept. */
export function tamperPayload(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${header}.${b64({ ...claims, ...changes })}.${signature}`;
}

/** The decoded JOSE header and payload (no verification). */
export function decodeToken(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
  return { header, payload };
}
