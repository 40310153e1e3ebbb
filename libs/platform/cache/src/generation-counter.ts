import { afterCommit } from '@taskhub/platform-database';
import { type EntityManager } from 'typeorm';
import { type EntryKeys, entryKeys } from './cache-entry';
import { type CacheRedis } from './cache-redis';

/**
 * A generation number per id (a project, a user), for caches keyed by it: a key that contains the generation is never
 * invalidated, it is simply no longer asked for once the generation moves on (no key scans), and expires by its TTL.
 */
export interface GenerationCounter {
  /** the ids' generations in order ('0' before the first bump); undefined while Redis is away: do not cache then */
  current(ids: readonly string[]): Promise<string[] | undefined>;
  /** moves the ids to their next generation now (after your transaction committed) */
  bump(...ids: string[]): Promise<void>;
  /** moves them on once the transaction of `manager` has committed (awaited before `transaction(...)` resolves) */
  bumpAfterCommit(manager: EntityManager, ...ids: string[]): void;
}

/**
 * The generation is the version counter of an entry key (ADR 0007): `cache:{gen:<name>:<id>}:version`. A bump is the
 * cache's invalidation, so it shares its outage handling: a bump that cannot reach Redis waits in the backlog, and
 * Redis is read again only once the backlog is replayed, so a generation is never read from before a bump.
 */
export class RedisGenerationCounter implements GenerationCounter {
  constructor(
    private readonly name: string,
    private readonly redis: CacheRedis,
  ) {}

  current(ids: readonly string[]): Promise<string[] | undefined> {
    return this.redis.versions(ids.map((id) => this.keys(id)));
  }

  async bump(...ids: string[]): Promise<void> {
    if (ids.length > 0) await this.redis.invalidate(ids.map((id) => this.keys(id)));
  }

  bumpAfterCommit(manager: EntityManager, ...ids: string[]): void {
    afterCommit(manager, () => this.bump(...ids));
  }

  private keys(id: string): EntryKeys {
    return entryKeys(`gen:${this.name}`, id);
  }
}
