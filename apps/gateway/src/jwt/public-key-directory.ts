import { createPublicKey } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The key ids the key directory contract allows (they name the files and are the JWT header's `kid`). */
export const KID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const PUBLIC_FILE = /^(.+)\.public\.pem$/;
const MIN_RSA_BITS = 2048;

export interface PublicKeyFile {
  readonly kid: string;
  /** SPKI PEM, as read */
  readonly pem: string;
}

export interface PublicKeyDirectory {
  /** sorted by kid */
  readonly keys: readonly PublicKeyFile[];
  /** one line per `*.public.pem` file that cannot be used, naming the file */
  readonly problems: readonly string[];
}

/** The two calls the reader makes, injectable so a test can prove which files are opened. */
export interface DirectoryReader {
  list(dir: string): string[];
  read(path: string): string;
}

const NODE_FS: DirectoryReader = { list: (dir) => readdirSync(dir), read: (path) => readFileSync(path, 'utf8') };

/**
 * The key directory contract: one `<kid>.public.pem` (SPKI PEM, RSA) per signing key. The same directory may hold
 * `<kid>.private.pem` files: only names ending in `.public.pem` are ever opened. Throws when the directory itself
 * cannot be listed.
 */
export function readPublicKeyDirectory(dir: string, fs: DirectoryReader = NODE_FS): PublicKeyDirectory {
  const keys: PublicKeyFile[] = [];
  const problems: string[] = [];
  for (const name of fs.list(dir).sort()) {
    const match = PUBLIC_FILE.exec(name);
    if (!match) continue;
    const kid = match[1];
    if (!KID_PATTERN.test(kid)) {
      problems.push(`${name}: the kid "${kid}" does not match ${KID_PATTERN.source}`);
      continue;
    }
    let pem: string;
    try {
      pem = fs.read(join(dir, name));
    } catch (error) {
      problems.push(`${name}: cannot be read (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const problem = publicKeyProblem(pem);
    if (problem) problems.push(`${name}: ${problem}`);
    else keys.push({ kid, pem });
  }
  return { keys, problems };
}

function publicKeyProblem(pem: string): string | undefined {
  if (/PRIVATE KEY-----/.test(pem)) return 'holds a private key (only public keys belong in <kid>.public.pem)';
  if (!/^\s*-----BEGIN PUBLIC KEY-----/.test(pem)) return 'is not an SPKI PEM public key ("-----BEGIN PUBLIC KEY-----")';
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa') return `is a ${key.asymmetricKeyType ?? 'unknown'} key, RS256 needs RSA`;
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) return `is a ${bits}-bit RSA key, at least ${MIN_RSA_BITS} bits are required`;
  } catch (error) {
    return `does not parse (${error instanceof Error ? error.message : String(error)})`;
  }
  return undefined;
}
