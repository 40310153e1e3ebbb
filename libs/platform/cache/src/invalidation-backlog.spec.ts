import { entryKeys } from './cache-entry';
import { InvalidationBacklog } from './invalidation-backlog';

describe(InvalidationBacklog.name, () => {
  const a = entryKeys('profile', 'a');
  const b = entryKeys('profile', 'b');
  const c = entryKeys('profile', 'c');

  it('should keep one entry per key and hand out the oldest first', () => {
    const backlog = new InvalidationBacklog();
    backlog.add([a, b]);
    backlog.add([a, c]);

    expect(backlog.size).toBe(3);
    expect(backlog.take(2).keys).toEqual([a, b]);
  });

  it('should drop what a settled chunk replayed', () => {
    const backlog = new InvalidationBacklog();
    backlog.add([a, b, c]);

    backlog.take(2).settle();

    expect(backlog.size).toBe(1);
    expect(backlog.take(10).keys).toEqual([c]);
  });

  it('should keep a key invalidated again while its replay was in flight', () => {
    const backlog = new InvalidationBacklog();
    backlog.add([a, b]);
    const chunk = backlog.take(10);

    backlog.add([a]);
    chunk.settle();

    expect(backlog.take(10).keys).toEqual([a]);
  });
});
