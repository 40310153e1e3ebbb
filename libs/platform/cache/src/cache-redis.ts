import { Logger } from '@nestjs/common';
import { type Redis } from '@taskhub/platform-redis';
import { type EntryKeys } from './cache-entry';
import { INVALIDATE, STORE_IF_VERSION, VERSION_TTL_MS } from './cache-scripts';
import { withDeadline } from './deadline';
import { InvalidationBacklog } from './invalidation-backlog';

/** Invalidations replayed per Redis round trip when Redis is back. */
const REPLAY_CHUNK = 100;

export interface CacheRedisOptions {
  /** the longest one operation waits for Redis (CACHE_REDIS_TIMEOUT_MS) */
  readonly timeoutMs: number;
  /** after a failure, Redis is left alone this long, then probed in the background (again after each failed probe) */
  readonly breakerMs: number;
  /** the backlog of invalidations to replay changed size (a gauge) */
  readonly onBacklog?: (size: number) => void;
}

/** What Redis holds for an id. */
export interface CachedEntry {
  /** the stored JSON, or null */
  readonly json: string | null;
  /** the id's version as read with it ('0': never invalidated) */
  readonly version: string;
}

/**
 * The cache's side of Redis: every operation waits at most `timeoutMs` and never throws. After a failure Redis is
 * away for `breakerMs`: reads skip it, invalidations go to an in-memory backlog. Then a background probe replays the
 * backlog, and only once all of it has reached Redis is Redis used again, so a value invalidated while Redis was away
 * is not served when it returns.
 */
export class CacheRedis {
  private readonly logger = new Logger('Cache');
  private readonly backlog = new InvalidationBacklog();
  private away = false;
  private probeTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly client: Redis,
    private readonly options: CacheRedisOptions,
  ) {}

  /** false while Redis is away (after a failure, until the backlog is replayed) */
  get available(): boolean {
    return !this.away;
  }

  /** The id's JSON and version in one round trip; undefined when Redis is away or did not answer in time. */
  async read(keys: EntryKeys): Promise<CachedEntry | undefined> {
    if (this.away) return undefined;
    const found = await this.attempt(() => this.client.mget(keys.value, keys.version));
    return found && { json: found[0], version: found[1] ?? '0' };
  }

  /** Several ids' JSON and versions in one MGET, in order; undefined when Redis is away or did not answer in time. */
  async readMany(keys: readonly EntryKeys[]): Promise<CachedEntry[] | undefined> {
    if (this.away) return undefined;
    if (keys.length === 0) return [];
    const found = await this.attempt(() => this.client.mget(...keys.flatMap((k) => [k.value, k.version])));
    return found && keys.map((_, i) => ({ json: found[2 * i], version: found[2 * i + 1] ?? '0' }));
  }

  /** The versions of several ids in one MGET ('0': never invalidated); undefined when Redis is away or slow. */
  async versions(keys: readonly EntryKeys[]): Promise<string[] | undefined> {
    if (this.away) return undefined;
    if (keys.length === 0) return [];
    const found = await this.attempt(() => this.client.mget(...keys.map((k) => k.version)));
    return found?.map((version) => version ?? '0');
  }

  /** Stores `json` only if the id's version is still `version` (no invalidation since it was read); true if stored. */
  async storeIfVersion(keys: EntryKeys, version: string, json: string, ttlMs: number): Promise<boolean> {
    if (this.away) return false;
    const stored = await this.attempt(() => STORE_IF_VERSION.run(this.client, [keys.value, keys.version], [version, json, ttlMs]));
    return stored === 1;
  }

  /** Bumps the versions and drops the values; what does not reach Redis goes to the backlog. */
  async invalidate(keys: readonly EntryKeys[]): Promise<void> {
    if (!this.away && (await this.attempt(() => this.invalidateNow(keys))) !== undefined) return;
    this.backlog.add(keys);
    this.options.onBacklog?.(this.backlog.size);
  }

  /** Stops probing; one last attempt at the backlog (the residual risk: a process that dies with one). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.probeTimer);
    if (this.backlog.size === 0) return;
    const chunk = this.backlog.take(Number.MAX_SAFE_INTEGER);
    try {
      await withDeadline(this.invalidateNow(chunk.keys), this.options.timeoutMs * 5);
      chunk.settle();
    } catch (error) {
      this.logger.error(`${chunk.keys.length} cache invalidations never reached redis (${describe(error)}): those entries may be stale until their TTL`);
    }
  }

  private invalidateNow(keys: readonly EntryKeys[]): Promise<unknown> {
    return Promise.all(keys.map((k) => INVALIDATE.run(this.client, [k.value, k.version], [VERSION_TTL_MS])));
  }

  /** The operation's result, or undefined (and Redis away) if it failed or took longer than `timeoutMs`. */
  private async attempt<T>(operation: () => Promise<T>): Promise<T | undefined> {
    try {
      return await withDeadline(operation(), this.options.timeoutMs);
    } catch (error) {
      this.trip(error);
      return undefined;
    }
  }

  private trip(error: unknown): void {
    if (this.away) return;
    this.away = true;
    this.logger.warn(`redis is away for the cache (${describe(error)}): reads go to the database, invalidations are kept to replay`);
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.closed) return;
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => void this.probe(), this.options.breakerMs);
    this.probeTimer.unref();
  }

  /** Replays the backlog (or PINGs when there is none); Redis is used again once the backlog is empty. */
  private async probe(): Promise<void> {
    let replayed = 0;
    try {
      do {
        const chunk = this.backlog.take(REPLAY_CHUNK);
        await withDeadline(chunk.keys.length > 0 ? this.invalidateNow(chunk.keys) : this.client.ping(), this.options.timeoutMs);
        chunk.settle();
        replayed += chunk.keys.length;
        this.options.onBacklog?.(this.backlog.size);
      } while (this.backlog.size > 0); // nothing awaited between this check and `away = false`
      this.away = false;
      this.logger.log(`redis is back for the cache${replayed > 0 ? ` (${replayed} invalidations replayed)` : ''}`);
    } catch (error) {
      this.logger.debug(`redis still away for the cache: ${describe(error)}`);
      this.scheduleProbe();
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
