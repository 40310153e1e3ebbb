import { waitFor } from '@taskhub/platform-testing';
import { CacheStore } from '../src';
import { entryKeys } from '../src/cache-entry';
import { CacheFixture, type CacheInstance, gate, type ItemView, requestCounts } from './support/cache-fixture';

describe(CacheStore.name, () => {
  let fixture: CacheFixture;
  /** two replicas of one service: two clients, one key prefix */
  let a: CacheInstance;
  let b: CacheInstance;
  let seq = 0;
  /** a namespace name of its own per test, declared on both instances */
  const namespaces = (ttlSeconds = 60) => {
    const name = `ns${++seq}`;
    return { name, onA: a.store.namespace<ItemView>(name, { ttlSeconds }), onB: b.store.namespace<ItemView>(name, { ttlSeconds }) };
  };
  const storedValue = async (namespace: string, id: string): Promise<unknown> => {
    const json = await a.client.get(entryKeys(namespace, id).value);
    return json === null ? null : (JSON.parse(json) as unknown);
  };

  beforeAll(async () => {
    fixture = await CacheFixture.start('cache_store');
    a = await fixture.instance();
    b = await fixture.instance();
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('should give every writer at least its own version when it reads right after its write, with two instances', async () => {
    const { onA, onB } = namespaces();
    await fixture.insert('1', 0);
    const load = (): Promise<ItemView | null> => fixture.load('1');
    const writer = async (i: number): Promise<{ written: number; read: number | undefined }> => {
      const written = await fixture.update('1', (manager) => (i % 2 === 0 ? onA : onB).invalidateAfterCommit(manager, '1'));
      const read = await (i % 3 === 0 ? onA : onB).getOrLoad('1', load);
      return { written, read: read?.version };
    };
    const reader = async (i: number): Promise<void> => {
      for (let n = 0; n < 3; n++) await (i % 2 === 0 ? onB : onA).getOrLoad('1', load);
    };

    // 20 writers interleaved with 50 readers, all at once
    const tasks: Array<Promise<unknown>> = [];
    const writes: Array<Promise<{ written: number; read: number | undefined }>> = [];
    for (let i = 0; i < 70; i++) {
      if (i % 7 === 3 || i % 7 === 6) writes.push(writer(writes.length));
      else tasks.push(reader(i));
    }
    const results = await Promise.all(writes);
    await Promise.all(tasks);

    expect(results).toHaveLength(20);
    expect(results.filter((r) => r.read === undefined || r.read < r.written)).toEqual([]);
    expect(results.map((r) => r.written).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // once the writes are done, neither instance serves anything but the last version
    expect(await onA.getOrLoad('1', load)).toEqual({ id: '1', version: 20 });
    expect(await onB.getOrLoad('1', load)).toEqual({ id: '1', version: 20 });
  });

  it('should not store a value loaded before an invalidation that committed meanwhile', async () => {
    const { name, onA, onB } = namespaces();
    await fixture.insert('race', 1);
    const rowRead = gate();
    const release = gate();

    // instance A misses and reads the old row; the write commits and invalidates through instance B; then A stores
    const overlapping = onA.getOrLoad('race', async () => {
      const row = await fixture.load('race');
      rowRead.open();
      await release.opened;
      return row;
    });
    await rowRead.opened;
    await fixture.update('race', (manager) => onB.invalidateAfterCommit(manager, 'race'));
    release.open();

    expect(await overlapping).toEqual({ id: 'race', version: 1 }); // the read that overlapped the write
    expect(await storedValue(name, 'race')).toBeNull();
    expect(await onA.getOrLoad('race', () => fixture.load('race'))).toEqual({ id: 'race', version: 2 });
    expect(await storedValue(name, 'race')).toEqual({ id: 'race', version: 2 });
  });

  it('should not let a read that comes after an invalidation join a load that began before it', async () => {
    const { onA } = namespaces();
    await fixture.insert('join', 1);
    const rowRead = gate();
    const release = gate();
    let loads = 0;

    const before = onA.getOrLoad('join', async () => {
      loads += 1;
      const row = await fixture.load('join');
      rowRead.open();
      await release.opened;
      return row;
    });
    await rowRead.opened;
    await fixture.update('join', (manager) => onA.invalidateAfterCommit(manager, 'join'));
    const after = onA.getOrLoad('join', async () => {
      loads += 1;
      return fixture.load('join');
    });
    // joining the first load would wait for the gate, and never load
    await waitFor(() => loads === 2, { description: 'the read after the invalidation to load on its own', timeoutMs: 5000 });
    release.open();

    expect(await after).toEqual({ id: 'join', version: 2 });
    expect(await before).toEqual({ id: 'join', version: 1 });
  });

  it('should load a cold or just-invalidated key once for 50 concurrent misses, counting 1 miss and 49 shared each time', async () => {
    const { name, onA } = namespaces();
    await fixture.insert('hot', 1);
    let loads = 0;
    const stampede = async (expectedReads: number): Promise<Array<ItemView | null>> => {
      const release = gate();
      const reads = Array.from({ length: 50 }, () =>
        onA.getOrLoad('hot', async () => {
          loads += 1;
          await release.opened;
          return fixture.load('hot');
        }),
      );
      // every read has found the key missing (and joined the load) before the load may finish
      await waitFor(
        async () => {
          const counts = await requestCounts(a.metrics, name);
          return counts.miss + counts.shared === expectedReads;
        },
        { description: `${expectedReads} reads that missed` },
      );
      release.open();
      return Promise.all(reads);
    };

    const cold = await stampede(50);
    await onA.invalidate('hot');
    const invalidated = await stampede(100);

    expect(loads).toBe(2);
    expect(await requestCounts(a.metrics, name)).toEqual({ hit: 0, miss: 2, shared: 98, bypass: 0 });
    expect(new Set([...cold, ...invalidated].map((v) => JSON.stringify(v)))).toEqual(new Set([JSON.stringify({ id: 'hot', version: 1 })]));
  });

  it('should count hits, misses and loads exactly', async () => {
    const { name, onA } = namespaces();
    await fixture.insert('m', 1);
    const load = (): Promise<ItemView | null> => fixture.load('m');

    await onA.getOrLoad('m', load); // miss, stored
    await onA.getOrLoad('m', load); // hit
    await onA.getOrLoad('m', load); // hit
    await onA.invalidate('m');
    await onA.getOrLoad('m', load); // miss
    expect(await onA.getOrLoad('nothing', () => Promise.resolve(null))).toBeNull(); // miss, not stored
    expect(await onA.getOrLoad('nothing', () => Promise.resolve(null))).toBeNull(); // miss again

    const text = await a.metrics.render();
    expect(text).toContain(`cache_requests_total{cache="${name}",result="hit",service="cache-test"} 2`);
    expect(text).toContain(`cache_requests_total{cache="${name}",result="miss",service="cache-test"} 4`);
    expect(text).toContain(`cache_requests_total{cache="${name}",result="bypass",service="cache-test"} 0`);
    expect(text).toContain(`cache_load_duration_seconds_count{service="cache-test",cache="${name}"} 4`);
    expect(text).toContain('cache_invalidations_pending{service="cache-test"} 0');
  });

  it('should read several ids in one call, load only the missing ones, and count one request for the call', async () => {
    const { name, onA } = namespaces();
    await Promise.all(['x1', 'x2', 'x3'].map((id) => fixture.insert(id, 1)));
    const loaded: string[] = [];
    const load = (id: string): Promise<ItemView | null> => {
      loaded.push(id);
      return fixture.load(id);
    };
    await onA.getOrLoad('x1', () => load('x1')); // miss, stored

    const first = await onA.getManyOrLoad(['x1', 'x2', 'none', 'x3'], load);
    const second = await onA.getManyOrLoad(['x1', 'x2', 'x3'], load);

    expect(first).toEqual([{ id: 'x1', version: 1 }, { id: 'x2', version: 1 }, null, { id: 'x3', version: 1 }]);
    expect(second).toEqual([first[0], first[1], first[3]]);
    expect(loaded).toEqual(['x1', 'x2', 'none', 'x3']);
    expect(await requestCounts(a.metrics, name)).toEqual({ hit: 1, miss: 2, shared: 0, bypass: 0 });
  });

  it('should refresh an empty entry without counting a request, leave a present one, and not store a load an invalidation overtook', async () => {
    const { name, onA } = namespaces();
    await fixture.insert('f', 1);
    let loads = 0;
    const load = async (): Promise<ItemView | null> => {
      loads += 1;
      return fixture.load('f');
    };

    await onA.refresh('f', load);
    await onA.refresh('f', load); // present: nothing to do
    expect(await storedValue(name, 'f')).toEqual({ id: 'f', version: 1 });
    expect(await onA.getOrLoad('f', load)).toEqual({ id: 'f', version: 1 });
    expect(loads).toBe(1);
    expect(await requestCounts(a.metrics, name)).toEqual({ hit: 1, miss: 0, shared: 0, bypass: 0 });

    await onA.invalidate('f');
    const release = gate();
    let started = false;
    const refreshing = onA.refresh('f', async () => {
      started = true;
      await release.opened;
      return load();
    });
    await waitFor(() => Promise.resolve(started), { description: 'the refresh to start its load' });
    await fixture.update('f', (manager) => onA.invalidateAfterCommit(manager, 'f'));
    release.open();
    await refreshing;
    expect(await storedValue(name, 'f')).toBeNull();
    expect(await onA.getOrLoad('f', load)).toEqual({ id: 'f', version: 2 });
  });

  it('should answer a miss and a hit with the same JSON', async () => {
    const load = (): Promise<{ at: Date } | null> => Promise.resolve({ at: new Date(0) });
    const dates = a.store.namespace<{ at: Date | string }>('dates', { ttlSeconds: 60 });

    const miss = await dates.getOrLoad('d', load);
    const hit = await dates.getOrLoad('d', load);

    expect(miss).toEqual({ at: '1970-01-01T00:00:00.000Z' });
    expect(hit).toEqual(miss);
  });

  it("should store a text namespace's values as the loader wrote them and answer a miss and a hit with that text", async () => {
    const texts = a.store.textNamespace('texts', { ttlSeconds: 60 });
    const body = '{"items":[{"id":"x"}],"nextCursor":null}\n{"not":"parsed"}';

    const miss = await texts.getOrLoad('t', () => Promise.resolve(body));
    const hit = await texts.getOrLoad('t', () => Promise.reject(new Error('a hit does not load')));

    expect(miss).toBe(body);
    expect(hit).toBe(body);
    expect(await a.client.get(entryKeys('texts', 't').value)).toBe(body);
    expect(await requestCounts(a.metrics, 'texts')).toEqual({ hit: 1, miss: 1, shared: 0, bypass: 0 });
  });

  it('should store values for the namespace TTL ± 10 %', async () => {
    const ttls = a.store.namespace<{ n: number }>('ttl', { ttlSeconds: 100 });

    await Promise.all(Array.from({ length: 20 }, (_, n) => ttls.getOrLoad(String(n), () => Promise.resolve({ n }))));

    const remaining = await Promise.all(Array.from({ length: 20 }, (_, n) => a.client.pttl(entryKeys('ttl', String(n)).value)));
    expect(Math.min(...remaining)).toBeGreaterThan(89_000); // 90 s minus the time since the store
    expect(Math.max(...remaining)).toBeLessThanOrEqual(110_000);
    expect(new Set(remaining).size).toBeGreaterThan(1);
  });

  it('should keep the entry when the writing transaction rolls back, and refuse a manager outside a transaction', async () => {
    const { name, onA } = namespaces();
    await fixture.insert('rb', 1);
    await onA.getOrLoad('rb', () => fixture.load('rb'));

    const failing = fixture.dataSource.transaction(async (manager) => {
      await manager.query('UPDATE item SET version = 2 WHERE id = $1', ['rb']);
      onA.invalidateAfterCommit(manager, 'rb');
      throw new Error('validation failed after the update');
    });

    await expect(failing).rejects.toThrow('validation failed after the update');
    expect(await storedValue(name, 'rb')).toEqual({ id: 'rb', version: 1 });
    expect(() => onA.invalidateAfterCommit(fixture.dataSource.manager, 'rb')).toThrow('afterCommit needs the EntityManager of an open transaction');
  });

  it('should refuse a bad or duplicate namespace name', () => {
    const store = a.store;
    store.namespace('unique-once', { ttlSeconds: 1 });

    expect(() => store.namespace('Bad:Name', { ttlSeconds: 1 })).toThrow('invalid cache namespace "Bad:Name": use [a-z0-9_-]+');
    expect(() => store.namespace('unique-once', { ttlSeconds: 1 })).toThrow('cache namespace "unique-once" is declared twice');
    expect(() => store.namespace('no-ttl', { ttlSeconds: 0 })).toThrow('cache namespace "no-ttl": ttlSeconds must be positive (got 0)');
  });
});
