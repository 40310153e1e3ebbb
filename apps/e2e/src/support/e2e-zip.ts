import { type Entry, fromBuffer, type ZipFile } from 'yauzl';

/** Every file of a zip, name -> its text, in the archive’s order (a downloaded archive, read as a client would). */
export function unzipText(buffer: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    fromBuffer(buffer, { lazyEntries: true }, (error: Error | null, zip: ZipFile) => {
      if (error) return reject(error);
      const files = new Map<string, string>();
      zip.on('entry', (entry: Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const pieces: Buffer[] = [];
          stream.on('data', (piece: Buffer) => pieces.push(piece));
          stream.on('error', reject);
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(pieces).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Every file of a zip of JSON files, name -> parsed content. */
export async function unzipJson(buffer: Buffer): Promise<Map<string, unknown>> {
  const files = await unzipText(buffer);
  return new Map([...files].map(([name, text]) => [name, JSON.parse(text) as unknown]));
}
