import { Injectable } from '@nestjs/common';
import { CacheStore, type GenerationCounter, type SharedCachedNamespace, type TieredCachedNamespace } from '@taskhub/platform-cache';
import { TaskServiceConfig } from '../config/task.config';

/** The metric labels (`cache_requests_total{cache}`) of the task service's caches. */
export const CACHE_NAMES = { lru: 'lru', membership: 'membership', lists: 'lists', filteredLists: 'filtered_lists', stats: 'stats' } as const;

/**
 * The task service's caches, declared once (docs/projects.md, "Caching"): membership checks (in-process LRU + Redis,
 * kept in step by pub/sub), the generation number of each project (bumped after every commit that changes it), and
 * the Redis namespaces keyed by it (first pages of lists, filtered lists, stats).
 */
@Injectable()
export class TaskCaches {
  readonly membership: TieredCachedNamespace<unknown>;
  readonly projectGenerations: GenerationCounter;
  /** first pages as text: each is the response body serialised once, when loaded (docs/projects.md, "Caching") */
  readonly lists: SharedCachedNamespace<string>;
  /** first pages of a project's list with one or two equality filters, as text (their own label: a hit ratio of their own) */
  readonly filteredLists: SharedCachedNamespace<string>;
  readonly stats: SharedCachedNamespace<unknown>;

  constructor(store: CacheStore, config: TaskServiceConfig) {
    this.membership = store.tiered<unknown>(CACHE_NAMES.membership, {
      ttlSeconds: config.membershipCacheTtlSeconds,
      local: { name: CACHE_NAMES.lru, max: config.membershipLruMaxEntries, ttlMs: config.membershipLruTtlSeconds * 1000 },
    });
    this.projectGenerations = store.generations('project');
    this.lists = store.textNamespace(CACHE_NAMES.lists, { ttlSeconds: config.listCacheTtlSeconds });
    this.filteredLists = store.textNamespace(CACHE_NAMES.filteredLists, { ttlSeconds: config.listCacheTtlSeconds });
    this.stats = store.namespace<unknown>(CACHE_NAMES.stats, { ttlSeconds: config.statsCacheTtlSeconds });
  }
}
