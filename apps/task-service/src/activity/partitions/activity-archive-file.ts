import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/**
 * Writes rows as gzip-compressed NDJSON (one JSON object per line, the table's column names) from batches, so memory
 * stays flat however large the month; returns the number of rows written.
 */
export async function writeNdjsonGz(path: string, batches: AsyncIterable<readonly object[]>): Promise<number> {
  let rows = 0;
  async function* lines(): AsyncGenerator<string> {
    for await (const batch of batches) {
      rows += batch.length;
      if (batch.length > 0) yield batch.map((row) => `${JSON.stringify(row)}\n`).join('');
    }
  }
  await pipeline(Readable.from(lines()), createGzip(), createWriteStream(path, { flags: 'wx' }));
  return rows;
}

/** Reads a gzip NDJSON file back, line by line, parsing each line. */
export async function* readNdjsonGz<T = Record<string, unknown>>(path: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length > 0) yield JSON.parse(line) as T;
  }
}

/** The number of rows in a gzip NDJSON file (each line parsed: a truncated or corrupt file throws). */
export async function countNdjsonGz(path: string): Promise<number> {
  let count = 0;
  for await (const row of readNdjsonGz(path)) if (row) count++;
  return count;
}
