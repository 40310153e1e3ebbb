import { afterCommit, runWithReadRoute } from '@taskhub/platform-database';
import { type EntityManager } from 'typeorm';
import { type EntryKeys, entryKeys, jitteredTtlMs } from './cache-entry';
import { type NamespaceMetrics } from './cache-metrics';
import { type CacheRedis } from './cache-redis';
import { SingleFlight } from './single-flight';

/** How a namespace turns its values into the text stored in Redis, and that text back into a value for each caller. */
export interface CacheCodec<T> {
  encode(value: T): string;
  decode(text: string): T;
}

/** Values as JSON, parsed per caller: hits and misses give the same JSON shape, and no two callers share one object. */
export const JSON_CODEC: CacheCodec<unknown> = { encode: (value) => JSON.stringify(value), decode: (text) => JSON.parse(text) as unknown };

/**
 * Values that are text already (a response body serialised once, when loaded), stored and handed back as they are:
 * a hit costs no parse and no serialisation.
 */
export const TEXT_CODEC: CacheCodec<string> = { encode: (text) => text, decode: (text) => text };

/** The cache of one kind of view (`profile`), by id; values are stored as text by the namespace's codec (JSON unless said). */
export interface CachedNamespace<T> {
  /** the cached value, or the loader's (stored unless null); concurrent misses on one key in this instance share one load */
  getOrLoad(id: string, load: () => Promise<T | null>): Promise<T | null>;
  /** drops the keys now (after your transaction committed) */
  invalidate(...ids: string[]): Promise<void>;
  /** drops the keys once the transaction of `manager` has committed; nothing if it rolls back; throws if `manager` is not in a transaction */
  invalidateAfterCommit(manager: EntityManager, ...ids: string[]): void;
}

/** A namespace of the shared (Redis) cache: also reads several ids at once, and refreshes an entry without a reader. */
export interface SharedCachedNamespace<T> extends CachedNamespace<T> {
  /**
   * The ids' values in order, read in one MGET; the missing ones loaded as getOrLoad would (shared per id and version,
   * stored with the compare-and-set). Counts ONE request: `hit` only if every id was in Redis.
   */
  getManyOrLoad(ids: readonly string[], load: (id: string, index: number) => Promise<T | null>): Promise<(T | null)[]>;
  /**
   * Refresh-ahead: if the id has no value, loads it now and stores it (the compare-and-set on the version read first),
   * so the next reader finds it; a reader arriving meanwhile in this instance shares this load. Counts no request
   * (the load's duration only); does nothing with Redis away.
   */
  refresh(id: string, load: () => Promise<T | null>): Promise<void>;
}

/**
 * Cache-aside on Redis that a write never leaves stale (ADR 0007). A read takes the value and the id's version in one
 * MGET; on a miss it loads and stores with a compare-and-set on that version, so a load that began before an
 * invalidation never stores. Loads are shared per (id, version), so a read that comes after an invalidation never
 * joins a load from before it; with Redis away, per (id, local invalidation count) for the same reason.
 */
export class RedisCachedNamespace<T> implements SharedCachedNamespace<T> {
  private readonly loads = new SingleFlight<string | null>();
  /** invalidations made through this namespace: keys the loads shared while Redis is away */
  private invalidations = 0;

  constructor(
    private readonly name: string,
    private readonly ttlSeconds: number,
    private readonly redis: CacheRedis,
    private readonly metrics: NamespaceMetrics,
    private readonly codec: CacheCodec<T>,
  ) {}

  async getOrLoad(id: string, load: () => Promise<T | null>): Promise<T | null> {
    const keys = entryKeys(this.name, id);
    const entry = await this.redis.read(keys);
    if (entry === undefined) {
      this.metrics.request('bypass');
      return this.decode(await this.loadAway(id, load));
    }
    if (entry.json !== null) {
      this.metrics.request('hit');
      return this.decode(entry.json);
    }
    this.metrics.request(this.loads.has(this.flightKey(id, entry.version)) ? 'shared' : 'miss');
    return this.decode(await this.loadAndStore(id, keys, entry.version, load));
  }

  async getManyOrLoad(ids: readonly string[], load: (id: string, index: number) => Promise<T | null>): Promise<(T | null)[]> {
    const keys = ids.map((id) => entryKeys(this.name, id));
    const entries = await this.redis.readMany(keys);
    if (entries === undefined) {
      this.metrics.request('bypass');
      return Promise.all(ids.map(async (id, i) => this.decode(await this.loadAway(id, () => load(id, i)))));
    }
    const missing = entries.flatMap((entry, i) => (entry.json === null ? [i] : []));
    if (missing.length === 0) this.metrics.request('hit');
    else this.metrics.request(missing.every((i) => this.loads.has(this.flightKey(ids[i], entries[i].version))) ? 'shared' : 'miss');
    return Promise.all(
      entries.map(async (entry, i) => this.decode(entry.json ?? (await this.loadAndStore(ids[i], keys[i], entry.version, () => load(ids[i], i))))),
    );
  }

  async refresh(id: string, load: () => Promise<T | null>): Promise<void> {
    const keys = entryKeys(this.name, id);
    const entry = await this.redis.read(keys);
    if (entry === undefined || entry.json !== null) return;
    await this.loadAndStore(id, keys, entry.version, load);
  }

  async invalidate(...ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    this.invalidations += 1;
    await this.redis.invalidate(ids.map((id) => entryKeys(this.name, id)));
  }

  invalidateAfterCommit(manager: EntityManager, ...ids: string[]): void {
    afterCommit(manager, () => this.invalidate(...ids));
  }

  /**
   * The load of (id, version), shared by whoever asks while it runs; stored unless the version moved meanwhile. It
   * reads the primary even in a request routed to a read replica: a replica behind the invalidation would store the
   * old value under the new version for every reader (docs/read-replicas.md).
   */
  private loadAndStore(id: string, keys: EntryKeys, version: string, load: () => Promise<T | null>): Promise<string | null> {
    return this.loads.run(this.flightKey(id, version), async () => {
      const loaded = await runWithReadRoute({ target: 'primary' }, () => this.loadText(load));
      if (loaded !== null) await this.redis.storeIfVersion(keys, version, loaded, jitteredTtlMs(this.ttlSeconds));
      return loaded;
    });
  }

  /** With Redis away: shared per (id, local invalidation count), never stored. */
  private loadAway(id: string, load: () => Promise<T | null>): Promise<string | null> {
    return this.loads.run(`${id}\0away:${this.invalidations}`, () => this.loadText(load));
  }

  private flightKey(id: string, version: string): string {
    return `${id}\0v:${version}`;
  }

  private async loadText(load: () => Promise<T | null>): Promise<string | null> {
    const started = performance.now();
    try {
      const value = await load();
      return value === null || value === undefined ? null : this.codec.encode(value);
    } finally {
      this.metrics.loaded((performance.now() - started) / 1000);
    }
  }

  /** The stored text as the codec reads it (JSON: parsed per caller; text: as it is). */
  private decode(text: string | null): T | null {
    return text === null ? null : this.codec.decode(text);
  }
}
