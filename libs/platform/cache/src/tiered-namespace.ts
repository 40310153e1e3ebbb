import { afterCommit } from '@taskhub/platform-database';
import { LRUCache } from 'lru-cache';
import { type EntityManager } from 'typeorm';
import { type NamespaceMetrics } from './cache-metrics';
import { type CachedNamespace } from './cached-namespace';
import { type InvalidationBus } from './invalidation-bus';

export interface LocalLayerOptions {
  /** the metric label of the in-process layer (`cache_requests_total{cache="<name>"}`) */
  readonly name: string;
  /** entries kept per instance (least recently used go first) */
  readonly max: number;
  /** the longest an entry stays in-process: the bound on staleness if an invalidation message is lost */
  readonly ttlMs: number;
}

/**
 * Two layers: an in-process LRU in front of the shared Redis namespace (ADR 0007). An invalidation drops the Redis
 * entry, then this instance's copy, then broadcasts to the other instances and waits for their acks, so when it
 * returns no instance still serves the old value. A load that began before an invalidation reached this instance
 * does not fill the LRU (the local epoch moved), the local counterpart of the Redis version check.
 */
export class TieredCachedNamespace<T> implements CachedNamespace<T> {
  private readonly local: LRUCache<string, string>;
  /** moved by every local drop: a load fills the LRU only if none happened since it began */
  private epoch = 0;

  constructor(
    private readonly name: string,
    private readonly shared: CachedNamespace<T>,
    private readonly bus: InvalidationBus,
    private readonly metrics: NamespaceMetrics,
    options: LocalLayerOptions,
  ) {
    this.local = new LRUCache<string, string>({ max: options.max, ttl: options.ttlMs });
    bus.register(name, (ids) => this.forgetLocal(ids));
  }

  async getOrLoad(id: string, load: () => Promise<T | null>): Promise<T | null> {
    const listening = this.bus.listening;
    if (listening) {
      const json = this.local.get(id);
      if (json !== undefined) {
        this.metrics.request('hit');
        return JSON.parse(json) as T;
      }
    }
    this.metrics.request(listening ? 'miss' : 'bypass');
    const epoch = this.epoch;
    const value = await this.shared.getOrLoad(id, load);
    if (value !== null && epoch === this.epoch && this.bus.listening) this.local.set(id, JSON.stringify(value));
    return value;
  }

  async invalidate(...ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.shared.invalidate(...ids);
    this.forgetLocal(ids);
    await this.bus.broadcast(this.name, ids);
  }

  invalidateAfterCommit(manager: EntityManager, ...ids: string[]): void {
    afterCommit(manager, () => this.invalidate(...ids));
  }

  /** entries held in-process now (for tests and warming) */
  get localSize(): number {
    return this.local.size;
  }

  private forgetLocal(ids: readonly string[] | 'all'): void {
    this.epoch += 1;
    if (ids === 'all') this.local.clear();
    else for (const id of ids) this.local.delete(id);
  }
}
