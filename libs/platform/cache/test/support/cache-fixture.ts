import { randomBytes } from 'node:crypto';
import { buildDataSourceOptions } from '@taskhub/platform-database';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { closeRedis, createRedisClient, type Redis } from '@taskhub/platform-redis';
import { createScratchDatabase, integrationEnv, type ScratchDatabase, waitFor } from '@taskhub/platform-testing';
import { DataSource, type EntityManager } from 'typeorm';
import { CacheStore, type CacheStoreOptions } from '../../src';
import { type CacheResult } from '../../src/cache-metrics';

/** The view the tests cache: one row of `item`. */
export interface ItemView {
  readonly id: string;
  readonly version: number;
}

/** One service instance's cache: its own Redis client and metrics registry. */
export interface CacheInstance {
  readonly store: CacheStore;
  readonly metrics: ServiceMetrics;
  readonly client: Redis;
}

/**
 * A scratch database with a table `item (id, version)` on a data source built like a service's (so `afterCommit`
 * works), and cache instances on Redis clients under a key prefix of their own in the run's.
 */
export class CacheFixture {
  /** every client of this fixture uses it, as the replicas of one service share REDIS_KEY_PREFIX */
  readonly keyPrefix = `${integrationEnv().redisKeyPrefix}cache-${randomBytes(4).toString('hex')}:`;
  private readonly clients: Redis[] = [];
  private readonly stores: CacheStore[] = [];

  private constructor(
    private readonly scratch: ScratchDatabase,
    readonly dataSource: DataSource,
  ) {}

  static async start(label: string): Promise<CacheFixture> {
    const scratch = await createScratchDatabase(label);
    const config = { service: 'user', databaseUrl: scratch.url, databasePoolMax: 20, databaseStatementTimeoutMs: 5000 } as const;
    const options = buildDataSourceOptions(config, { migrations: [] });
    const dataSource = await new DataSource(options).initialize();
    await dataSource.query('CREATE TABLE item (id text PRIMARY KEY, version integer NOT NULL)');
    return new CacheFixture(scratch, dataSource);
  }

  /** A connected Redis client under the fixture's prefix (through `url`, e.g. a FaultProxy's). */
  async redisClient(url = integrationEnv().redisUrl): Promise<Redis> {
    const client = createRedisClient({ url, keyPrefix: this.keyPrefix, connectionName: 'cache-int-spec' });
    this.clients.push(client);
    await waitFor(() => client.status === 'ready', { description: 'the redis client to connect' });
    return client;
  }

  /**
   * A cache instance (as in one replica of a service) on a client of its own. Its Redis calls may take 1 s (the
   * services' default is 100 ms): on a loaded machine a healthy Redis can answer later than 100 ms, and a test that
   * counts hits and stores would see Redis "away"; the outage tests set their own short timeout.
   */
  async instance(options: Partial<CacheStoreOptions> = {}, url?: string): Promise<CacheInstance> {
    const client = await this.redisClient(url);
    const metrics = new ServiceMetrics('cache-test');
    const store = new CacheStore(client, { redisTimeoutMs: 1000, ...options }, metrics);
    this.stores.push(store);
    return { store, metrics, client };
  }

  async insert(id: string, version: number): Promise<void> {
    await this.dataSource.query('INSERT INTO item (id, version) VALUES ($1, $2)', [id, version]);
  }

  /** The row as the service would load it. */
  async load(id: string): Promise<ItemView | null> {
    const rows = await this.dataSource.query<ItemView[]>('SELECT id, version FROM item WHERE id = $1', [id]);
    return rows[0] ?? null;
  }

  /** Bumps the row's version in a transaction, calling `inTransaction` (the invalidation) in it; the new version. */
  update(id: string, inTransaction: (manager: EntityManager) => void): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<{ version: number }[]>(
        'WITH bumped AS (UPDATE item SET version = version + 1 WHERE id = $1 RETURNING version) SELECT version FROM bumped',
        [id],
      );
      inTransaction(manager);
      return row.version;
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.stores.map((s) => s.beforeApplicationShutdown()));
    await Promise.all(this.clients.map((c) => closeRedis(c)));
    await this.dataSource.destroy();
    await this.scratch.drop();
  }
}

/** `cache_requests_total` of one namespace, by result. */
export async function requestCounts(metrics: ServiceMetrics, cache: string): Promise<Record<CacheResult, number>> {
  const counts: Record<CacheResult, number> = { hit: 0, miss: 0, shared: 0, bypass: 0 };
  const metric = await metrics.registry.getSingleMetric('cache_requests_total')?.get();
  for (const { labels, value } of metric?.values ?? []) {
    if (labels.cache === cache) counts[labels.result as CacheResult] = value;
  }
  return counts;
}

/** A promise and the function that resolves it: the gate a loader waits at. */
export function gate(): { readonly opened: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
