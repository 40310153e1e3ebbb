import { type FSWatcher, watch } from 'node:fs';
import { type GatewayLogger } from '../logging/gateway-logger';
import { type PublicKeyDirectory, readPublicKeyDirectory } from './public-key-directory';

export interface KeyRotationTiming {
  /** scans never start closer together than this (an unknown kid cannot make the gateway scan more often) */
  readonly minIntervalMs: number;
  /** a scan at least this often, in case a file system event is missed */
  readonly periodicMs: number;
  /** wait after a file system event, so that a file being written is read once complete */
  readonly settleMs: number;
}

export const DEFAULT_KEY_ROTATION_TIMING: KeyRotationTiming = { minIntervalMs: 1000, periodicMs: 10_000, settleMs: 50 };

/**
 * Keeps the credentials in step with the key directory without a restart: scans on every change `fs.watch` reports,
 * every `periodicMs`, and when a token names an unknown kid (`scanSoon`, which resolves once that scan is done). Scans
 * are throttled to one per `minIntervalMs`; callers of `scanSoon` share the next scan.
 */
export class PublicKeyRotation {
  private lastScanAt = Number.NEGATIVE_INFINITY;
  private next: { promise: Promise<void>; resolve: () => void; timer: NodeJS.Timeout } | undefined;
  private watcher: FSWatcher | undefined;
  private periodic: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly dir: string,
    /** must not throw: it logs and keeps the previous credentials when the new ones are unusable */
    private readonly apply: (directory: PublicKeyDirectory) => void,
    private readonly logger: GatewayLogger,
    private readonly timing: KeyRotationTiming = DEFAULT_KEY_ROTATION_TIMING,
    private readonly now: () => number = () => performance.now(),
    private readonly read: (dir: string) => PublicKeyDirectory = readPublicKeyDirectory,
  ) {}

  /** The directory was read once at start (by the caller); from now on changes are picked up. */
  start(): void {
    this.lastScanAt = this.now();
    this.watch();
    this.periodic = setInterval(() => {
      if (!this.watcher) this.watch();
      void this.scanSoon();
    }, this.timing.periodicMs);
    this.periodic.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.periodic) clearInterval(this.periodic);
    this.watcher?.close();
    this.watcher = undefined;
    if (this.next) {
      clearTimeout(this.next.timer);
      this.next.resolve();
      this.next = undefined;
    }
  }

  /** Resolves after the next scan, which starts after `delayMs` or as soon as the throttle allows. */
  scanSoon(delayMs = 0): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.next) return this.next.promise;
    const wait = Math.max(delayMs, this.lastScanAt + this.timing.minIntervalMs - this.now(), 0);
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    const timer = setTimeout(() => this.scan(), wait);
    timer.unref();
    this.next = { promise, resolve, timer };
    return promise;
  }

  private scan(): void {
    const next = this.next;
    this.next = undefined;
    this.lastScanAt = this.now();
    let directory: PublicKeyDirectory;
    try {
      directory = this.read(this.dir);
    } catch (error) {
      // the directory vanished or cannot be listed: fail closed, no key is accepted any more
      this.logger.error({ dir: this.dir, err: error instanceof Error ? error.message : String(error) }, 'jwt: the key directory cannot be read; no key is accepted until it can');
      directory = { keys: [], problems: [] };
    }
    try {
      this.apply(directory);
    } finally {
      next?.resolve();
    }
  }

  private watch(): void {
    try {
      this.watcher = watch(this.dir, { persistent: false }, () => void this.scanSoon(this.timing.settleMs));
      this.watcher.on('error', (error) => {
        this.logger.warn({ dir: this.dir, err: error.message }, 'jwt: watching the key directory failed; periodic scans continue');
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch (error) {
      this.logger.warn({ dir: this.dir, err: error instanceof Error ? error.message : String(error) }, 'jwt: cannot watch the key directory; periodic scans continue');
      this.watcher = undefined;
    }
  }
}
