import { createPublicKey, type KeyObject } from 'node:crypto';
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { Logger } from '@nestjs/common';
import { keyIdsIn, publicKeyPath } from './key-files';

export interface PublicKeyStoreOptions {
  /** periodic rescan, the safety net under fs.watch (which misses changes on some volumes); default 10 s */
  readonly rescanIntervalMs?: number;
  /** an unknown kid rescans the folder at most this often; default 1 s */
  readonly unknownKidRescanGapMs?: number;
}

/**
 * The public keys access tokens are verified with: the `<kid>.public.pem` files of one folder (in Kubernetes, a
 * mounted ConfigMap; in development, `.taskhub/jwt-keys`). Rotation needs no restart: a new file is found at once
 * when a token names its kid (rescans are rate-limited), a removed file (a retired key) is noticed by fs.watch or the
 * periodic rescan within seconds, and from then on its tokens are refused. Reading a local folder is not a call to
 * another service.
 */
export class PublicKeyStore {
  private readonly logger = new Logger(PublicKeyStore.name);
  private keys = new Map<string, KeyObject>();
  private lastScan = 0;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly dir: string,
    private readonly options: PublicKeyStoreOptions = {},
  ) {}

  start(): void {
    this.scan();
    if (this.keys.size === 0) this.logger.warn(`no public keys in ${this.dir} (JWT_PUBLIC_KEYS_DIR): every access token will be refused`);
    this.timer = setInterval(() => this.scan(), this.options.rescanIntervalMs ?? 10_000);
    this.timer.unref();
    try {
      this.watcher = watch(this.dir, { persistent: false }, () => this.scan());
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      // no folder yet: the periodic rescan picks it up once it exists
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.watcher?.close();
  }

  /** The key of `kid`, rescanning first if it is unknown and the last scan is old enough. */
  get(kid: string): KeyObject | undefined {
    const key = this.keys.get(kid);
    if (key !== undefined || Date.now() - this.lastScan < (this.options.unknownKidRescanGapMs ?? 1000)) return key;
    this.scan();
    return this.keys.get(kid);
  }

  /** Every key, oldest kid first. */
  all(): ReadonlyMap<string, KeyObject> {
    return this.keys;
  }

  /** Reads the folder again; a file that does not parse is skipped with a warning (the others stay usable). */
  scan(): void {
    this.lastScan = Date.now();
    const next = new Map<string, KeyObject>();
    for (const kid of keyIdsIn(this.dir, 'public')) {
      const existing = this.keys.get(kid);
      if (existing) {
        next.set(kid, existing);
        continue;
      }
      try {
        const key = createPublicKey(readFileSync(publicKeyPath(this.dir, kid)));
        if (key.asymmetricKeyType !== 'rsa') throw new Error(`not an RSA key (${key.asymmetricKeyType ?? 'unknown type'})`);
        next.set(kid, key);
      } catch (error) {
        this.logger.warn(`skipping public key ${kid}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const added = [...next.keys()].filter((kid) => !this.keys.has(kid));
    const removed = [...this.keys.keys()].filter((kid) => !next.has(kid));
    if (added.length > 0 || removed.length > 0) {
      this.logger.log(`public keys: ${[...next.keys()].join(', ') || 'none'}${added.length ? ` (added ${added.join(', ')})` : ''}${removed.length ? ` (retired ${removed.join(', ')})` : ''}`);
    }
    this.keys = next;
  }
}
