import { Readable, Writable } from 'node:stream';

/** The size of one stored piece of an export file (`task_export_chunk.data`); the last piece may be shorter. */
export const CHUNK_BYTES = 1024 * 1024;

/** Stores one piece of the file, numbered from 0. */
export type ChunkSink = (seq: number, data: Buffer) => Promise<void>;

/** The piece numbered `seq` of a stored file, or undefined when there is none (no longer). */
export type ChunkSource = (seq: number) => Promise<Buffer | undefined>;

/**
 * A Writable that cuts the bytes written to it into pieces of `chunkBytes` and stores each through `store` as it
 * fills, the rest when it ends (nothing for an empty file). At most two pieces are held: the one filling, and the previous one while it is being
 * stored (a write that fills a piece waits until the previous one is stored: backpressure up to the cursor).
 * `bytes` and `chunks` count what was stored once it has finished.
 */
export class ChunkWriter extends Writable {
  bytes = 0;
  chunks = 0;
  private filling: Buffer;
  private used = 0;
  private storing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: ChunkSink,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {
    super();
    this.filling = Buffer.allocUnsafe(chunkBytes);
  }

  override _write(data: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.take(data).then(() => done(), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    const rest = this.filling.subarray(0, this.used);
    this.storing
      .then(() => (rest.length > 0 ? this.storeNext(rest) : undefined))
      .then(() => done(), done);
  }

  private async take(data: Buffer): Promise<void> {
    let offset = 0;
    while (offset < data.length) {
      const copied = data.copy(this.filling, this.used, offset);
      this.used += copied;
      offset += copied;
      if (this.used === this.chunkBytes) {
        await this.storing;
        const full = this.filling;
        this.filling = Buffer.allocUnsafe(this.chunkBytes);
        this.used = 0;
        this.storing = this.storeNext(full);
        this.storing.catch(() => undefined); // awaited by the next full piece or by _final; not an unhandled rejection
      }
    }
  }

  private async storeNext(data: Buffer): Promise<void> {
    const seq = this.chunks++;
    await this.store(seq, data);
    this.bytes += data.length;
  }
}

/**
 * A Readable of a stored file: its pieces in order, one fetched each time the reader wants more (so a slow client
 * holds one piece, and no database connection between pieces). A piece missing before `totalBytes` were read (the
 * export expired and was deleted mid-way), or bytes beyond them, fail the stream rather than end it short.
 */
export function chunkReader(totalBytes: number, fetch: ChunkSource): Readable {
  let seq = 0;
  let read = 0;
  return new Readable({
    read() {
      if (read === totalBytes) {
        this.push(null);
        return;
      }
      fetch(seq).then(
        (data) => {
          if (!data || data.length === 0 || read + data.length > totalBytes) {
            this.destroy(new Error(`export file ended at piece ${seq}, ${read} of ${totalBytes} bytes`));
            return;
          }
          seq++;
          read += data.length;
          this.push(data);
          if (read === totalBytes) this.push(null);
        },
        (error: Error) => this.destroy(error),
      );
    },
  });
}
