import { PassThrough } from 'node:stream';
import { type Notification } from '../notifications/notification';
import { LiveStream } from './live-stream';

/** A notification with just the fields the stream looks at. */
const row = (seq: number): Notification => ({ id: `n${seq}`, seq: String(seq) }) as unknown as Notification;

/** The user's table as the stream reads it, with each read held until the test lets it finish. */
class Table {
  rows: Notification[] = [];
  readonly reads: string[] = [];
  private release: (() => void)[] = [];

  read = (afterSeq: string, limit: number): Promise<Notification[]> => {
    this.reads.push(afterSeq);
    const result = this.rows.filter((r) => BigInt(r.seq) > BigInt(afterSeq)).slice(0, limit);
    return new Promise((resolve) => this.release.push(() => resolve(result)));
  };

  /** Lets the pending reads finish and the stream act on them. */
  async settle(): Promise<void> {
    while (this.release.length > 0) {
      for (const release of this.release.splice(0)) release();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

describe(LiveStream.name, () => {
  let out: PassThrough;
  let table: Table;
  let stream: LiveStream;
  let written: string;

  beforeEach(() => {
    out = new PassThrough();
    written = '';
    out.on('data', (chunk: Buffer) => (written += chunk.toString()));
    table = new Table();
    stream = new LiveStream(out, { userId: 'u', after: '10', read: table.read, heartbeatMs: 60_000, retryMs: 3000, endsAt: Date.now() + 60_000, onEnd: () => undefined });
  });

  afterEach(() => stream.end());

  const ids = (): string[] => [...written.matchAll(/^id: (\d+)$/gm)].map((m) => m[1]);

  it('should send the rows after the start in seq order, then only what a later signal finds above the last sent', async () => {
    table.rows = [row(9), row(11), row(12)];
    stream.catchUp();
    await table.settle();
    expect(ids()).toEqual(['11', '12']);

    stream.signal(12n); // already sent: no read
    expect(table.reads).toEqual(['10']);
    table.rows.push(row(13));
    stream.signal(13n);
    await table.settle();
    expect(ids()).toEqual(['11', '12', '13']);
    expect(table.reads).toEqual(['10', '12']);
  });

  it('should read once more after a read that a signal arrived during, and send nothing twice', async () => {
    table.rows = [row(11)];
    stream.catchUp();
    table.rows.push(row(12)); // committed while the first read runs
    stream.signal(12n);
    stream.signal(12n);
    await table.settle();

    expect(ids()).toEqual(['11', '12']);
    expect(table.reads).toEqual(['10', '11']);
  });

  it('should read the table on a resubscribe signal (null) even without a seq', async () => {
    stream.catchUp();
    await table.settle();
    table.rows = [row(14)];
    stream.signal(null);
    await table.settle();
    expect(ids()).toEqual(['14']);
  });

  it('should open with the retry hint and write nothing after it ended', async () => {
    expect(written).toBe('retry: 3000\n\n');
    stream.end();
    table.rows = [row(11)];
    stream.signal(11n);
    await table.settle();
    expect(ids()).toEqual([]);
    expect(out.writableEnded).toBe(true);
  });
});
