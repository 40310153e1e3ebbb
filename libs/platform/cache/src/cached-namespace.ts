import { afterCommit } from '@taskhub/platform-database';
import { type EntityManager } from 'typeorm';
import { entryKeys, jitteredTtlMs } from './cache-entry';
import { type NamespaceMetrics } from './cache-metrics';
import { type CacheRedis } from './cache-redis';
import { SingleFlight } from './single-flight';

/** The cache of one kind of view (`profile`), by id; values are stored as JSON. */
export interface CachedNamespace<T> {
  /** the cached value, or the loader's (stored unless null); concurrent misses on one key in this instance share one load */
  getOrLoad(id: string, load: () => Promise<T | null>): Promise<T | null>;
  /** drops the keys now (after your transaction committed) */
  invalidate(...ids: string[]): Promise<void>;
  /** drops the keys once the transaction of `manager` has committed; nothing if it rolls back; throws if `manager` is not in a transaction */
  invalidateAfterCommit(manager: EntityManager, ...ids: string[]): void;
}

/**
 * Cache-aside on Redis that a write never leaves stale (ADR 0007). A read takes the value and the id's version in one
 * MGET; on a miss it loads and stores with a compare-and-set on that version, so a load that began before an
 * invalidation never stores. Loads are shared per (id, version), so a read that comes after an invalidation never
 * joins a load from before it; with Redis away, per (id, local invalidation count) for the same reason.
 */
export class RedisCachedNamespace<T> implements CachedNamespace<T> {
  private readonly loads = new SingleFlight<string | null>();
  /** invalidations made through this namespace: keys the loads shared while Redis is away */
  private invalidations = 0;

  constructor(
    private readonly name: string,
    private readonly ttlSeconds: number,
    private readonly redis: CacheRedis,
    private readonly metrics: NamespaceMetrics,
  ) {}

  async getOrLoad(id: string, load: () => Promise<T | null>): Promise<T | null> {
    const keys = entryKeys(this.name, id);
    const entry = await this.redis.read(keys);
    let json: string | null;
    if (entry === undefined) {
      this.metrics.request('bypass');
      json = await this.loads.run(`${id}\0away:${this.invalidations}`, () => this.loadJson(load));
    } else if (entry.json !== null) {
      this.metrics.request('hit');
      json = entry.json;
    } else {
      this.metrics.request('miss');
      json = await this.loads.run(`${id}\0v:${entry.version}`, async () => {
        const loaded = await this.loadJson(load);
        if (loaded !== null) await this.redis.storeIfVersion(keys, entry.version, loaded, jitteredTtlMs(this.ttlSeconds));
        return loaded;
      });
    }
    // parsed per caller: hits and misses give the same JSON shape, and no two callers share one object
    return json === null ? null : (JSON.parse(json) as T);
  }

  async invalidate(...ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    this.invalidations += 1;
    await this.redis.invalidate(ids.map((id) => entryKeys(this.name, id)));
  }

  invalidateAfterCommit(manager: EntityManager, ...ids: string[]): void {
    afterCommit(manager, () => this.invalidate(...ids));
  }

  private async loadJson(load: () => Promise<T | null>): Promise<string | null> {
    const started = performance.now();
    try {
      const value = await load();
      return value === null || value === undefined ? null : JSON.stringify(value);
    } finally {
      this.metrics.loaded((performance.now() - started) / 1000);
    }
  }
}
