import { type ContributedPart } from './personal-data-export';
import { ZipFile } from 'yazl';

/** A section name becomes a file name (`<part>/<section>.json`): nothing else may get into a path. */
const SECTION_NAME = /^[a-z][a-z0-9-]*$/;

/** Every part of an archive: the user service's own and those the other services sent, section name -> content. */
export type ArchiveParts = Readonly<Record<'user' | ContributedPart, Readonly<Record<string, unknown>>>>;

export interface ArchiveManifest {
  readonly exportId: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly completedAt: string;
  /** part -> section -> how many records it holds (an object is 1, null 0) */
  readonly parts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** every file of the archive besides the manifest, in order */
  readonly files: readonly string[];
}

function count(content: unknown): number {
  if (Array.isArray(content)) return content.length;
  return content === null || content === undefined ? 0 : 1;
}

/** The archive's files, path -> content, and its manifest; a section name that is not a plain word is refused. */
export function archiveLayout(meta: { exportId: string; userId: string; createdAt: Date; completedAt: Date }, parts: ArchiveParts): { manifest: ArchiveManifest; files: Map<string, unknown> } {
  const files = new Map<string, unknown>();
  const counts: Record<string, Record<string, number>> = {};
  for (const [part, sections] of Object.entries(parts)) {
    counts[part] = {};
    for (const [section, content] of Object.entries(sections).sort(([a], [b]) => a.localeCompare(b))) {
      if (!SECTION_NAME.test(section)) throw new Error(`part ${part}: section name "${section}" is not a lower-case word`);
      counts[part][section] = count(content);
      files.set(`${part}/${section}.json`, content);
    }
  }
  const manifest: ArchiveManifest = {
    exportId: meta.exportId,
    userId: meta.userId,
    createdAt: meta.createdAt.toISOString(),
    completedAt: meta.completedAt.toISOString(),
    parts: counts,
    files: [...files.keys()],
  };
  return { manifest, files };
}

/** The zip: manifest.json first, then one pretty-printed JSON file per section, all stamped with `completedAt`. */
export function buildArchive(meta: { exportId: string; userId: string; createdAt: Date; completedAt: Date }, parts: ArchiveParts): Promise<Buffer> {
  const { manifest, files } = archiveLayout(meta, parts);
  const zip = new ZipFile();
  const add = (name: string, content: unknown): void => zip.addBuffer(Buffer.from(`${JSON.stringify(content, null, 2)}\n`, 'utf8'), name, { mtime: meta.completedAt });
  add('manifest.json', manifest);
  for (const [name, content] of files) add(name, content);
  zip.end();
  return new Promise<Buffer>((resolve, reject) => {
    const pieces: Buffer[] = [];
    zip.outputStream.on('data', (piece: Buffer) => pieces.push(piece));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(pieces)));
  });
}
