import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A key id: the file name stem of its PEM files and the `kid` of the tokens it signs (also Kong's credential key). */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const PUBLIC_SUFFIX = '.public.pem';
const PRIVATE_SUFFIX = '.private.pem';

/**
 * The layout of a key folder: one `<kid>.public.pem` (SPKI) per signing key, and in the auth service's folder also its
 * `<kid>.private.pem` (PKCS#8). Services and the gateway read only the public files.
 */
export function publicKeyPath(dir: string, kid: string): string {
  return path.join(dir, `${kid}${PUBLIC_SUFFIX}`);
}

export function privateKeyPath(dir: string, kid: string): string {
  return path.join(dir, `${kid}${PRIVATE_SUFFIX}`);
}

/** The key id of a file name in a key folder, or undefined if the name is not `<kid>.<kind>.pem`. */
export function keyIdOf(fileName: string, kind: 'public' | 'private'): string | undefined {
  const suffix = kind === 'public' ? PUBLIC_SUFFIX : PRIVATE_SUFFIX;
  if (!fileName.endsWith(suffix)) return undefined;
  const kid = fileName.slice(0, -suffix.length);
  return KEY_ID_PATTERN.test(kid) ? kid : undefined;
}

/** A new key id that sorts after every older one: UTC time to the second, then random hex (`20261201T174100Z-3f9a1c`). */
export function newKeyId(now: Date, randomHex: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-${randomHex}`;
}

/** RSA modulus of new signing keys (NIST SP 800-57: 3072 bits for use past 2030). */
export const SIGNING_KEY_BITS = 3072;

/**
 * Writes a new signing key pair into `dir`: `<kid>.private.pem` (PKCS#8, mode 0600) and `<kid>.public.pem` (SPKI).
 * Its kid sorts after every older one, so the auth service signs with it once its public key is distributed.
 */
export function writeNewKeyPair(dir: string, now = new Date(), modulusLength = SIGNING_KEY_BITS): string {
  const kid = newKeyId(now, randomBytes(3).toString('hex'));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(privateKeyPath(dir, kid), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(publicKeyPath(dir, kid), publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644, flag: 'wx' });
  return kid;
}

/** Retires a key: removes both its files (its tokens are refused once every verifier has rescanned). */
export function removeKeyPair(dir: string, kid: string): void {
  rmSync(privateKeyPath(dir, kid), { force: true });
  rmSync(publicKeyPath(dir, kid), { force: true });
}

/** Key ids with a file of `kind` in `dir`, oldest first; none when the folder does not exist. */
export function keyIdsIn(dir: string, kind: 'public' | 'private'): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => keyIdOf(n, kind))
    .filter((kid): kid is string => kid !== undefined)
    .sort();
}

/** What `publishPublicKeys` changed: key ids whose public half it wrote, and those it removed. */
export interface PublishedKeys {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Makes `publicDir` hold the public halves of exactly the key pairs in `signingDir` (derived from each private key), so
 * that verifiers can mount a folder without private keys (docker-compose; Kubernetes uses a ConfigMap instead): writes
 * the missing ones (under a temporary name first, so a scanner never reads half a file) and removes those of keys no
 * longer in `signingDir` (retired). The same folder for both: nothing to do.
 */
export function publishPublicKeys(signingDir: string, publicDir: string): PublishedKeys {
  if (path.resolve(signingDir) === path.resolve(publicDir)) return { added: [], removed: [] };
  const signing = keyIdsIn(signingDir, 'private');
  const published = keyIdsIn(publicDir, 'public');
  mkdirSync(publicDir, { recursive: true });
  const added = signing.filter((kid) => !published.includes(kid));
  for (const kid of added) {
    const publicKey = createPublicKey(createPrivateKey(readFileSync(privateKeyPath(signingDir, kid))));
    const staging = path.join(publicDir, `.${kid}${PUBLIC_SUFFIX}.tmp`);
    writeFileSync(staging, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
    renameSync(staging, publicKeyPath(publicDir, kid));
  }
  const removed = published.filter((kid) => !signing.includes(kid));
  for (const kid of removed) rmSync(publicKeyPath(publicDir, kid), { force: true });
  return { added, removed };
}
