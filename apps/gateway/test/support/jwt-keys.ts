import { createHmac, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dirs';

/** A generated RSA signing key, as the auth service would hold it. */
export interface SigningKey {
  readonly kid: string;
  readonly publicPem: string;
  readonly privatePem: string;
  readonly privateKey: KeyObject;
}

export function generateSigningKey(kid: string, modulusLength = 2048): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength });
  return {
    kid,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
  };
}

/** A fresh key directory in the layout of the contract: `<kid>.public.pem` and `<kid>.private.pem`. */
export function keyDirectory(...keys: SigningKey[]): string {
  const dir = tempDir('taskhub-jwt-keys-');
  for (const key of keys) writeKeyPair(dir, key);
  return dir;
}

export function writeKeyPair(dir: string, key: SigningKey): void {
  writeFileSync(join(dir, `${key.kid}.public.pem`), key.publicPem);
  writeFileSync(join(dir, `${key.kid}.private.pem`), key.privatePem, { mode: 0o600 });
}

export const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** An RS256 token signed with `key`, `kid` in its JOSE header; `exp` defaults to 5 minutes from now. */
export function signToken(key: SigningKey, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header }));
  const body = b64url(JSON.stringify({ sub: 'user-1', exp: nowSeconds() + 300, ...claims }));
  return `${head}.${body}.${b64url(sign('sha256', Buffer.from(`${head}.${body}`), key.privateKey))}`;
}

/** The algorithm-confusion attack: HS256 with the public key (which the attacker has) as the HMAC secret. */
export function signHs256WithPublicKey(key: SigningKey, claims: Record<string, unknown> = {}): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.kid }));
  const body = b64url(JSON.stringify({ sub: 'user-1', exp: nowSeconds() + 300, ...claims }));
  return `${head}.${body}.${b64url(createHmac('sha256', key.publicPem).update(`${head}.${body}`).digest())}`;
}

/** alg "none", no signature: accepted by careless verifiers. */
export function unsignedToken(kid: string, claims: Record<string, unknown> = {}): string {
  const head = b64url(JSON.stringify({ alg: 'none', typ: 'JWT', kid }));
  return `${head}.${b64url(JSON.stringify({ sub: 'user-1', exp: nowSeconds() + 300, ...claims }))}.`;
}

/** A valid token whose payload was changed afterwards (the signature no longer covers it). */
export function tamperedToken(key: SigningKey, claims: Record<string, unknown>): string {
  const [head, , signature] = signToken(key).split('.');
  return `${head}.${b64url(JSON.stringify({ sub: 'user-1', exp: nowSeconds() + 300, ...claims }))}.${signature}`;
}
