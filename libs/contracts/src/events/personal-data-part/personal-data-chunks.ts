import { PERSONAL_DATA_CHUNK_BYTES, type PersonalDataPartV1 } from './personal-data-part.v1';

/** A continuation byte of UTF-8 (10xxxxxx): a piece never starts with one, so no character is cut in two. */
function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

/**
 * The pieces of a part's JSON text, each at most `maxBytes` of UTF-8 and cut between characters; an empty part is
 * one piece. Joined in order they are the text again (joinPersonalDataPart).
 */
export function splitPersonalDataText(text: string, maxBytes: number = PERSONAL_DATA_CHUNK_BYTES): string[] {
  if (maxBytes < 4) throw new Error(`a piece must hold at least one character (4 bytes), not ${maxBytes}`);
  const bytes = Buffer.from(text, 'utf8');
  const pieces: string[] = [];
  let start = 0;
  do {
    let end = Math.min(start + maxBytes, bytes.length);
    while (end < bytes.length && isContinuation(bytes[end])) end--;
    pieces.push(bytes.toString('utf8', start, end));
    start = end;
  } while (start < bytes.length);
  return pieces;
}

/** The events' payloads of one part (a JSON object: section name -> content) of an export. */
export function personalDataPieces(exportId: string, userId: string, part: Record<string, unknown>, maxBytes?: number): PersonalDataPartV1[] {
  const pieces = splitPersonalDataText(JSON.stringify(part), maxBytes);
  return pieces.map((content, chunk) => ({ exportId, userId, chunk, chunkCount: pieces.length, content }));
}

/** The part again from its pieces' contents, in `chunk` order. */
export function joinPersonalDataPart(contents: readonly string[]): Record<string, unknown> {
  const part: unknown = JSON.parse(contents.join(''));
  if (typeof part !== 'object' || part === null || Array.isArray(part)) throw new Error('a personal data part must be a JSON object');
  return part as Record<string, unknown>;
}
