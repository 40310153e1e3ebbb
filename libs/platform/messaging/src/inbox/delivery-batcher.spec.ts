import { DeliveryBatcher } from './delivery-batcher';

/** A batcher whose batches stay open until the test settles them. */
function batcher(batchSize: number, maxInFlight: number): { batcher: DeliveryBatcher<number>; batches: number[][]; finish: (i: number) => Promise<void> } {
  const batches: number[][] = [];
  const done: (() => void)[] = [];
  const b = new DeliveryBatcher<number>({
    batchSize,
    maxInFlight,
    apply: (batch) => {
      batches.push(batch);
      return new Promise<void>((resolve) => done.push(resolve));
    },
  });
  const finish = async (i: number): Promise<void> => {
    done[i]();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { batcher: b, batches, finish };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe(DeliveryBatcher.name, () => {
  it('should apply what arrives in one turn of the event loop as one batch, at once when idle', async () => {
    const { batcher: b, batches } = batcher(10, 2);
    b.add(1);
    b.add(2);
    await nextTurn();
    expect(batches).toEqual([[1, 2]]);
  });

  it('should start a full batch without waiting for the turn to end, and split at the batch size', () => {
    const { batcher: b, batches } = batcher(2, 2);
    for (const d of [1, 2, 3, 4]) b.add(d);
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('should hold what arrives while the limit of batches runs, and apply it together when one is done', async () => {
    const { batcher: b, batches, finish } = batcher(10, 1);
    b.add(1);
    await nextTurn();
    for (const d of [2, 3, 4]) b.add(d);
    await nextTurn();
    expect(batches).toEqual([[1]]);
    await finish(0);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('should be idle only once what was buffered has been applied too', async () => {
    const { batcher: b, batches, finish } = batcher(10, 1);
    b.add(1);
    await nextTurn();
    b.add(2);
    let idle = false;
    void b.idle().then(() => (idle = true));
    await finish(0);
    expect(batches).toEqual([[1], [2]]);
    expect(idle).toBe(false);
    await finish(1);
    expect(idle).toBe(true);
  });
});
