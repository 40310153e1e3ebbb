import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { REDIS_CLIENT, type Redis } from '@taskhub/platform-redis';
import { assertNamespaceName } from './cache-entry';
import { namespaceMetrics, reportInvalidationBacklog } from './cache-metrics';
import { CacheRedis } from './cache-redis';
import { type CachedNamespace, RedisCachedNamespace } from './cached-namespace';

/** Injection token of the CacheStoreOptions (CacheModule builds them from BaseServiceConfig). */
export const CACHE_STORE_OPTIONS = Symbol('CACHE_STORE_OPTIONS');
/** How long the cache leaves Redis alone after a failure before probing it again. */
export const CACHE_BREAKER_MS = 1000;

export interface CacheStoreOptions {
  /** the longest one cache operation waits for Redis (CACHE_REDIS_TIMEOUT_MS) */
  readonly redisTimeoutMs: number;
  /** default CACHE_BREAKER_MS */
  readonly breakerMs?: number;
}

/**
 * The service's cache on its Redis client (REDIS_KEY_PREFIX), one namespace per kind of view:
 * `cache.namespace<ProfileView>('profile', { ttlSeconds: 300 })`. See ADR 0007 and docs/service-runtime.md.
 */
@Injectable()
export class CacheStore implements BeforeApplicationShutdown {
  private readonly redis: CacheRedis;
  private readonly names = new Set<string>();

  constructor(
    @Inject(REDIS_CLIENT) client: Redis,
    @Inject(CACHE_STORE_OPTIONS) options: CacheStoreOptions,
    private readonly metrics: ServiceMetrics,
  ) {
    this.redis = new CacheRedis(client, {
      timeoutMs: options.redisTimeoutMs,
      breakerMs: options.breakerMs ?? CACHE_BREAKER_MS,
      onBacklog: (size) => reportInvalidationBacklog(metrics.registry, size),
    });
    reportInvalidationBacklog(metrics.registry, 0);
  }

  /** A namespace (`[a-z0-9_-]+`, once per name): its keys, its TTL (± 10 %) and its `cache` metric label. */
  namespace<T>(name: string, options: { ttlSeconds: number }): CachedNamespace<T> {
    assertNamespaceName(name);
    if (this.names.has(name)) throw new Error(`cache namespace "${name}" is declared twice: declare it once and share it`);
    if (!(options.ttlSeconds > 0)) throw new Error(`cache namespace "${name}": ttlSeconds must be positive (got ${options.ttlSeconds})`);
    this.names.add(name);
    return new RedisCachedNamespace<T>(name, options.ttlSeconds, this.redis, namespaceMetrics(this.metrics.registry, name));
  }

  /** Before the Redis client closes: one last attempt at the invalidations that did not reach Redis. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.redis.close();
  }
}
