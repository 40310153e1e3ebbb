import { FaultProxy, integrationEnv, waitFor } from '@taskhub/platform-testing';
import { CacheStore } from '../src';
import { entryKeys } from '../src/cache-entry';
import { CacheFixture, type CacheInstance, type ItemView, requestCounts } from './support/cache-fixture';

/** CACHE_REDIS_TIMEOUT_MS of these tests, and what a read may add on top of it (a loaded 2-core machine) */
const TIMEOUT_MS = 100;
const MARGIN_MS = 150;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

describe(`${CacheStore.name} with Redis away`, () => {
  let fixture: CacheFixture;
  let proxy: FaultProxy;
  /** the instance whose Redis goes away */
  let cut: CacheInstance;

  beforeAll(async () => {
    const target = new URL(integrationEnv().redisUrl);
    proxy = await FaultProxy.start({ target: { host: target.hostname, port: Number(target.port || 6379) } });
    fixture = await CacheFixture.start('cache_outage');
    // a short breaker keeps the test fast; the mechanism is the same at the default 1 s
    cut = await fixture.instance({ redisTimeoutMs: TIMEOUT_MS, breakerMs: 200 }, proxy.url(integrationEnv().redisUrl));
  });

  afterAll(async () => {
    await fixture?.close();
    await proxy?.close();
  });

  it('should answer from the loader within the timeout while Redis is black-holed, and not serve what was invalidated meanwhile once it is back', async () => {
    const direct = await fixture.redisClient();
    const items = cut.store.namespace<ItemView>('outage', { ttlSeconds: 60 });
    const load = (): Promise<ItemView | null> => fixture.load('o');
    await fixture.insert('o', 1);
    await items.getOrLoad('o', load);
    expect(await items.getOrLoad('o', load)).toEqual({ id: 'o', version: 1 });
    expect(await requestCounts(cut.metrics, 'outage')).toEqual({ hit: 1, miss: 1, shared: 0, bypass: 0 });

    proxy.blackhole();

    const durations: number[] = [];
    const versions: Array<number | undefined> = [];
    for (let i = 0; i < 20; i++) {
      if (i === 10) {
        // a write while Redis is away: its invalidation cannot reach Redis, and must neither fail nor hang the commit
        const started = performance.now();
        await fixture.update('o', (manager) => items.invalidateAfterCommit(manager, 'o'));
        durations.push(performance.now() - started);
      }
      const started = performance.now();
      versions.push((await items.getOrLoad('o', load))?.version);
      durations.push(performance.now() - started);
    }

    expect(versions).toEqual([...Array<number>(10).fill(1), ...Array<number>(10).fill(2)]);
    expect(median(durations)).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(Math.max(...durations)).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(await requestCounts(cut.metrics, 'outage')).toEqual({ hit: 1, miss: 1, shared: 0, bypass: 20 });
    expect(await cut.metrics.render()).toContain('cache_invalidations_pending{service="cache-test"} 1');
    // the invalidation did not reach Redis, which still holds the old value
    expect(JSON.parse((await direct.get(entryKeys('outage', 'o').value)) ?? 'null')).toEqual({ id: 'o', version: 1 });

    proxy.restore();

    // every read from now on, up to the first one answered by Redis again, gets the new version
    const afterRestore: Array<number | undefined> = [];
    await waitFor(
      async () => {
        afterRestore.push((await items.getOrLoad('o', load))?.version);
        return (await requestCounts(cut.metrics, 'outage')).hit === 2;
      },
      { description: 'a read answered by Redis again', intervalMs: 20 },
    );
    expect(new Set(afterRestore)).toEqual(new Set([2]));
    expect(await cut.metrics.render()).toContain('cache_invalidations_pending{service="cache-test"} 0');
    // the replayed invalidation reached Redis: at least once, since a replay whose answer takes longer than the timeout
    // (a loaded machine) counts as failed and is replayed again, and a second bump only invalidates again
    expect(Number(await direct.get(entryKeys('outage', 'o').version))).toBeGreaterThanOrEqual(1);
  });

  it('should never throw to the caller when Redis refuses connections', async () => {
    const items = cut.store.namespace<ItemView>('refused', { ttlSeconds: 60 });
    await fixture.insert('r', 1);
    await waitFor(async () => (await items.getOrLoad('r', () => fixture.load('r'))) !== null && (await requestCounts(cut.metrics, 'refused')).hit > 0, {
      description: 'the cache to use Redis',
    });

    proxy.cut();

    const started = performance.now();
    const reads = await Promise.all(Array.from({ length: 20 }, () => items.getOrLoad('r', () => fixture.load('r'))));
    await items.invalidate('r');
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(reads).toEqual(Array<ItemView>(20).fill({ id: 'r', version: 1 }));

    proxy.restore();

    await waitFor(async () => (await items.getOrLoad('r', () => fixture.load('r'))) !== null && (await requestCounts(cut.metrics, 'refused')).miss === 2, {
      description: 'the cache to use Redis again (a miss: the invalidation was replayed)',
      intervalMs: 20,
    });
    expect(await cut.metrics.render()).toContain('cache_invalidations_pending{service="cache-test"} 0');
  });
});
