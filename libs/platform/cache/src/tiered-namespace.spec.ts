import { type EntityManager } from 'typeorm';
import { type CacheResult } from './cache-metrics';
import { type CachedNamespace } from './cached-namespace';
import { type InvalidationBus } from './invalidation-bus';
import { TieredCachedNamespace } from './tiered-namespace';

/** The shared layer as a plain map (its Redis behaviour is cache-store.int-spec's), counting what reaches it. */
class MapNamespace implements CachedNamespace<{ v: number }> {
  readonly values = new Map<string, { v: number }>();
  reads = 0;
  async getOrLoad(id: string, load: () => Promise<{ v: number } | null>): Promise<{ v: number } | null> {
    this.reads += 1;
    const found = this.values.get(id) ?? (await load());
    if (found) this.values.set(id, found);
    return found;
  }
  invalidate(...ids: string[]): Promise<void> {
    for (const id of ids) this.values.delete(id);
    return Promise.resolve();
  }
  invalidateAfterCommit(_manager: EntityManager): void {
    throw new Error('not used');
  }
}

/** The bus as one process sees it: registered drops, a switch for the subscription, broadcasts recorded. */
function localBus(): { bus: InvalidationBus; drop: (ids: string[] | 'all') => void; broadcasts: string[][]; setListening: (on: boolean) => void } {
  let forget: (ids: readonly string[] | 'all') => void = () => undefined;
  let listening = true;
  const broadcasts: string[][] = [];
  const bus = {
    get listening() {
      return listening;
    },
    register: (_ns: string, fn: (ids: readonly string[] | 'all') => void) => (forget = fn),
    broadcast: (_ns: string, ids: readonly string[]) => {
      broadcasts.push([...ids]);
      return Promise.resolve();
    },
  } as unknown as InvalidationBus;
  return { bus, drop: (ids) => forget(ids), broadcasts, setListening: (on) => (listening = on) };
}

describe(TieredCachedNamespace.name, () => {
  const setup = () => {
    const shared = new MapNamespace();
    const local = localBus();
    const results: CacheResult[] = [];
    const tiered = new TieredCachedNamespace('ns', shared, local.bus, { request: (r) => results.push(r), loaded: () => undefined }, { name: 'lru', max: 10, ttlMs: 60_000 });
    return { shared, local, results, tiered };
  };

  it('should answer a repeated read from the process, as a fresh copy each time', async () => {
    const { shared, results, tiered } = setup();
    const first = await tiered.getOrLoad('a', () => Promise.resolve({ v: 1 }));
    const second = await tiered.getOrLoad('a', () => Promise.resolve({ v: 2 }));

    expect([first, second, shared.reads, results]).toEqual([{ v: 1 }, { v: 1 }, 1, ['miss', 'hit']]);
    expect(second).not.toBe(first);
  });

  it('should drop its copy, then broadcast, on invalidate', async () => {
    const { shared, local, tiered } = setup();
    await tiered.getOrLoad('a', () => Promise.resolve({ v: 1 }));
    await tiered.invalidate('a');

    expect(await tiered.getOrLoad('a', () => Promise.resolve({ v: 2 }))).toEqual({ v: 2 });
    expect([shared.reads, local.broadcasts]).toEqual([2, [['a']]]);
  });

  it('should not keep a value whose load began before a drop reached this process', async () => {
    const { local, tiered } = setup();
    let finish: (value: { v: number }) => void = () => undefined;
    const slow = tiered.getOrLoad('a', () => new Promise((resolve) => (finish = resolve)));
    await Promise.resolve();
    local.drop(['a']); // another instance's write arrives while the load runs
    finish({ v: 1 });
    await slow;

    expect(tiered.localSize).toBe(0);
  });

  it('should bypass and clear its copies while the subscription is down', async () => {
    const { local, results, tiered } = setup();
    await tiered.getOrLoad('a', () => Promise.resolve({ v: 1 }));
    local.setListening(false);
    await tiered.getOrLoad('a', () => Promise.resolve({ v: 1 }));
    local.setListening(true);
    local.drop('all'); // what the bus does on resubscribe

    expect(results).toEqual(['miss', 'bypass']);
    expect(tiered.localSize).toBe(0);
  });
});
