import { type EntryKeys } from './cache-entry';

/** A part of the backlog being replayed; `settle()` once it reached Redis. */
export interface BacklogChunk {
  readonly keys: readonly EntryKeys[];
  settle(): void;
}

/**
 * Invalidations that did not reach Redis, one per key, kept in memory until they are replayed. An entry invalidated
 * again while its replay is in flight stays for the next replay: the first may have reached Redis before the second
 * write committed.
 */
export class InvalidationBacklog {
  private readonly entries = new Map<string, { readonly keys: EntryKeys; readonly seq: number }>();
  private seq = 0;

  get size(): number {
    return this.entries.size;
  }

  add(keys: readonly EntryKeys[]): void {
    for (const k of keys) this.entries.set(k.version, { keys: k, seq: ++this.seq });
  }

  /** Up to `limit` of the oldest entries. */
  take(limit: number): BacklogChunk {
    const taken = [...this.entries.values()].slice(0, limit);
    return {
      keys: taken.map((t) => t.keys),
      settle: () => {
        for (const t of taken) if (this.entries.get(t.keys.version)?.seq === t.seq) this.entries.delete(t.keys.version);
      },
    };
  }
}
