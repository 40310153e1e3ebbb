import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { Logger } from '@nestjs/common';
import { keyIdsIn, privateKeyPath, type PublicKeyStore, writeNewKeyPair } from '@taskhub/platform-auth';
import { DependencyUnavailableException } from '@taskhub/platform-errors';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

export interface SigningKeysOptions {
  /** AUTH_SIGNING_KEYS_DIR */
  readonly dir: string;
  /** the keys tokens are verified with (JWT_PUBLIC_KEYS_DIR): a key signs only once its public key is among them */
  readonly publicKeys: PublicKeyStore;
  /** create a key pair when the folder has none (development and tests) */
  readonly generateIfMissing: boolean;
  readonly rescanIntervalMs?: number;
}

/**
 * The auth service's private keys (in Kubernetes a mounted Secret; in development `.taskhub/jwt-keys`, generated on
 * first start). New tokens are signed with the newest key whose public key is already distributed: adding a key pair
 * rotates without a restart, and a key whose public half has not reached the verifiers yet is never used (its
 * tokens would be refused). Older keys stay in JWT_PUBLIC_KEYS_DIR, so their tokens work until the key is retired.
 */
export class SigningKeys {
  private readonly logger = new Logger(SigningKeys.name);
  private keys = new Map<string, KeyObject>();
  private timer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private lastCurrent: string | undefined;

  constructor(private readonly options: SigningKeysOptions) {}

  start(): void {
    if (keyIdsIn(this.options.dir, 'private').length === 0 && this.options.generateIfMissing) {
      const kid = writeNewKeyPair(this.options.dir);
      this.logger.warn(`no signing key in ${this.options.dir}: generated development key ${kid} (AUTH_GENERATE_SIGNING_KEY)`);
      this.options.publicKeys.scan();
    }
    this.scan();
    if (this.keys.size === 0) this.logger.error(`no signing key in ${this.options.dir} (AUTH_SIGNING_KEYS_DIR): logins will answer 503`);
    this.timer = setInterval(() => this.scan(), this.options.rescanIntervalMs ?? 10_000);
    this.timer.unref();
    try {
      this.watcher = watch(this.options.dir, { persistent: false }, () => this.scan());
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // no folder: the periodic rescan finds it once it exists
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.watcher?.close();
  }

  /** The key new tokens are signed with; 503 when there is none that verifiers know. */
  current(): SigningKey {
    const published = this.options.publicKeys.all();
    const kids = [...this.keys.keys()].sort().reverse();
    const kid = kids.find((k) => published.has(k)) ?? kids.find((k) => this.options.publicKeys.get(k) !== undefined);
    if (kid === undefined) throw new DependencyUnavailableException('no signing key is available, retry later');
    if (kid !== this.lastCurrent) {
      this.lastCurrent = kid;
      const pending = kids.filter((k) => k > kid);
      this.logger.log(`signing with key ${kid}${pending.length ? ` (waiting for the public key of ${pending.join(', ')})` : ''}`);
    }
    return { kid, privateKey: this.keys.get(kid)! };
  }

  scan(): void {
    const next = new Map<string, KeyObject>();
    for (const kid of keyIdsIn(this.options.dir, 'private')) {
      const known = this.keys.get(kid);
      if (known) {
        next.set(kid, known);
        continue;
      }
      try {
        const key = createPrivateKey(readFileSync(privateKeyPath(this.options.dir, kid)));
        if (key.asymmetricKeyType !== 'rsa') throw new Error('not an RSA key');
        createPublicKey(key); // a key we could not publish is no use
        next.set(kid, key);
      } catch (error) {
        this.logger.warn(`skipping signing key ${kid}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.keys = next;
  }
}
