import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ChunkSink, type ChunkSource, ChunkWriter, chunkReader } from './export-chunks';

/** `text` written in pieces of `step` characters */
const source = (text: string, step: number): Readable => Readable.from(Array.from({ length: Math.ceil(text.length / step) }, (_, i) => text.slice(i * step, (i + 1) * step)));

/** A sink that keeps each piece as text, by number */
const into =
  (stored: [number, string][]): ChunkSink =>
  (seq, data) => {
    stored.push([seq, data.toString()]);
    return Promise.resolve();
  };

/** A source of the given pieces that records what was asked */
const from =
  (pieces: Buffer[], asked: number[] = []): ChunkSource =>
  (seq) => {
    asked.push(seq);
    return Promise.resolve(pieces[seq]);
  };

const collect = async (stream: Readable): Promise<string> => {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts).toString();
};

describe(ChunkWriter.name, () => {
  it('should cut the bytes into numbered pieces of the chunk size, whatever the writes, the last one shorter', async () => {
    const stored: [number, string][] = [];
    const writer = new ChunkWriter(into(stored), 4);

    await pipeline(source('abcdefghij', 3), writer);

    expect(stored).toEqual([
      [0, 'abcd'],
      [1, 'efgh'],
      [2, 'ij'],
    ]);
    expect([writer.chunks, writer.bytes]).toEqual([3, 10]);
  });

  it('should store nothing after a last full piece, and nothing for an empty file', async () => {
    const full: [number, string][] = [];
    const empty: [number, string][] = [];

    await pipeline(source('abcdefgh', 5), new ChunkWriter(into(full), 4));
    await pipeline(Readable.from([]), new ChunkWriter(into(empty), 4));

    expect([full, empty]).toEqual([
      [
        [0, 'abcd'],
        [1, 'efgh'],
      ],
      [],
    ]);
  });

  it('should hold at most one piece being stored while the next fills (the writes wait for it)', async () => {
    const pending: (() => void)[] = [];
    let storing = 0;
    let most = 0;
    const writer = new ChunkWriter(
      () =>
        new Promise<void>((resolve) => {
          most = Math.max(most, ++storing);
          pending.push(() => {
            storing--;
            resolve();
          });
        }),
      2,
    );
    const done = pipeline(source('abcdefgh', 1), writer);
    // release each store only once the writer waits on it
    for (let released = 0; released < 4; released++) {
      await until(() => pending.length > 0);
      pending.shift()!();
    }
    await done;

    expect(most).toBe(1);
  });

  it('should fail the pipeline with the error of a piece that could not be stored', async () => {
    const writer = new ChunkWriter((seq) => (seq === 1 ? Promise.reject(new Error('disk full')) : Promise.resolve()), 2);

    await expect(pipeline(source('abcdefgh', 1), writer)).rejects.toThrow('disk full');
  });
});

describe(chunkReader.name, () => {
  const pieces = ['abcd', 'efgh', 'ij'].map((p) => Buffer.from(p));

  it('should read the pieces in order and end at the total without asking for more', async () => {
    const asked: number[] = [];
    const text = await collect(chunkReader(10, from(pieces, asked)));

    expect([text, asked]).toEqual(['abcdefghij', [0, 1, 2]]);
  });

  it('should fail, not end short, when a piece is missing before the total (deleted mid-way)', async () => {
    await expect(collect(chunkReader(12, from(pieces)))).rejects.toThrow('export file ended at piece 3, 10 of 12 bytes');
  });

  it('should fetch pieces as the reader takes them: one ahead at most, never the whole file', async () => {
    const big = Array.from({ length: 4 }, (_, i) => Buffer.alloc(64 * 1024, 97 + i)); // each above the stream's 16 KiB buffer
    const asked: number[] = [];
    const reader = chunkReader(4 * 64 * 1024, from(big, asked));
    const pieces = reader[Symbol.asyncIterator]();

    const first = (await pieces.next()) as IteratorResult<Buffer, undefined>;
    await settle();
    const askedAfterOne = [...asked];
    await pieces.next();
    await settle();

    expect([first.value?.length, askedAfterOne, asked]).toEqual([64 * 1024, [0, 1], [0, 1, 2]]);
    reader.destroy();
  });
});

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
