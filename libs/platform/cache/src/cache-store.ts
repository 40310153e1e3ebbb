import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { REDIS_CLIENT, type Redis } from '@taskhub/platform-redis';
import { assertNamespaceName } from './cache-entry';
import { namespaceMetrics, reportInvalidationBacklog } from './cache-metrics';
import { CacheRedis } from './cache-redis';
import { type CacheCodec, JSON_CODEC, RedisCachedNamespace, type SharedCachedNamespace, TEXT_CODEC } from './cached-namespace';
import { type GenerationCounter, RedisGenerationCounter } from './generation-counter';
import { InvalidationBus } from './invalidation-bus';
import { type LocalLayerOptions, TieredCachedNamespace } from './tiered-namespace';

/** Injection token of the CacheStoreOptions (CacheModule builds them from BaseServiceConfig). */
export const CACHE_STORE_OPTIONS = Symbol('CACHE_STORE_OPTIONS');
/** How long the cache leaves Redis alone after a failure before probing it again. */
export const CACHE_BREAKER_MS = 1000;
/** How long an invalidation of a tiered namespace waits for the other instances' acks (then logs; the local TTL bounds the rest). */
export const CACHE_BUS_ACK_TIMEOUT_MS = 500;

export interface CacheStoreOptions {
  /** the longest one cache operation waits for Redis (CACHE_REDIS_TIMEOUT_MS) */
  readonly redisTimeoutMs: number;
  /** default CACHE_BREAKER_MS */
  readonly breakerMs?: number;
  /** default CACHE_BUS_ACK_TIMEOUT_MS */
  readonly busAckTimeoutMs?: number;
}

/**
 * The service's cache on its Redis client (REDIS_KEY_PREFIX), one namespace per kind of view:
 * `cache.namespace<ProfileView>('profile', { ttlSeconds: 300 })`. See ADR 0007 and docs/service-runtime.md.
 */
@Injectable()
export class CacheStore implements BeforeApplicationShutdown {
  private readonly redis: CacheRedis;
  private readonly names = new Set<string>();
  private readonly generationNames = new Set<string>();
  private readonly bus: InvalidationBus;

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
    this.bus = new InvalidationBus(client, { prefix: client.options.keyPrefix ?? '', ackTimeoutMs: options.busAckTimeoutMs ?? CACHE_BUS_ACK_TIMEOUT_MS });
  }

  /** A namespace (`[a-z0-9_-]+`, once per name): its keys, its TTL (± 10 %) and its `cache` metric label. */
  namespace<T>(name: string, options: { ttlSeconds: number }): SharedCachedNamespace<T> {
    return this.declare(name, options, JSON_CODEC as CacheCodec<T>);
  }

  /**
   * A namespace of text values stored and returned as they are, never parsed: for a response body serialised once when
   * loaded, sent as it is on every hit (`cache.textNamespace('lists', { ttlSeconds: 60 })`).
   */
  textNamespace(name: string, options: { ttlSeconds: number }): SharedCachedNamespace<string> {
    return this.declare(name, options, TEXT_CODEC);
  }

  /**
   * A namespace with an in-process LRU in front of Redis, kept in step across instances by Redis pub/sub (an
   * invalidation returns once every instance dropped its copy). For the hottest small values (membership checks).
   */
  tiered<T>(name: string, options: { ttlSeconds: number; local: LocalLayerOptions }): TieredCachedNamespace<T> {
    const shared = this.namespace<T>(name, options);
    return new TieredCachedNamespace<T>(name, shared, this.bus, namespaceMetrics(this.metrics.registry, options.local.name), options.local);
  }

  /** Generation numbers per id (`project`), for caches keyed by them; see GenerationCounter. */
  generations(name: string): GenerationCounter {
    assertNamespaceName(name);
    if (this.generationNames.has(name)) throw new Error(`generation counter "${name}" is declared twice: declare it once and share it`);
    this.generationNames.add(name);
    return new RedisGenerationCounter(name, this.redis);
  }

  private declare<T>(name: string, options: { ttlSeconds: number }, codec: CacheCodec<T>): SharedCachedNamespace<T> {
    assertNamespaceName(name);
    if (this.names.has(name)) throw new Error(`cache namespace "${name}" is declared twice: declare it once and share it`);
    if (!(options.ttlSeconds > 0)) throw new Error(`cache namespace "${name}": ttlSeconds must be positive (got ${options.ttlSeconds})`);
    this.names.add(name);
    return new RedisCachedNamespace<T>(name, options.ttlSeconds, this.redis, namespaceMetrics(this.metrics.registry, name), codec);
  }

  /** Before the Redis client closes: one last attempt at the invalidations that did not reach Redis. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.bus.close();
    await this.redis.close();
  }
}
