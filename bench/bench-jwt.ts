import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** kong.yml protects every route with jwt: the bench signs its own key, the gateway reads it from JWT_PUBLIC_KEYS_DIR. */
export interface BenchJwt {
  /** for JWT_PUBLIC_KEYS_DIR */
  readonly keysDir: string;
  /** a fresh Authorization value (exp within kong.yml's maximum_expiration) */
  authorization(): string;
}

export function benchJwt(): BenchJwt {
  const kid = 'bench';
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keysDir = mkdtempSync(join(tmpdir(), 'taskhub-bench-jwt-'));
  writeFileSync(join(keysDir, `${kid}.public.pem`), publicKey.export({ type: 'spki', format: 'pem' }));
  const b64 = (value: string | Buffer): string => Buffer.from(value).toString('base64url');
  return {
    keysDir,
    authorization: () => {
      const now = Math.floor(Date.now() / 1000);
      const input = `${b64(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }))}.${b64(JSON.stringify({ sub: 'bench', iat: now, exp: now + 600 }))}`;
      return `Bearer ${input}.${b64(sign('sha256', Buffer.from(input), privateKey))}`;
    },
  };
}
