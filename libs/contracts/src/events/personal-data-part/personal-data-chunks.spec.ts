import { PERSONAL_DATA_CHUNK_BYTES } from './personal-data-part.v1';
import { joinPersonalDataPart, personalDataPieces, splitPersonalDataText } from './personal-data-chunks';

const EXPORT_ID = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
const USER_ID = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5f';

describe('personal data pieces', () => {
  it('should keep a small part in one piece', () => {
    const pieces = personalDataPieces(EXPORT_ID, USER_ID, { sessions: [] });

    expect(pieces).toEqual([{ exportId: EXPORT_ID, userId: USER_ID, chunk: 0, chunkCount: 1, content: '{"sessions":[]}' }]);
  });

  it('should cut a large part into pieces of at most the bound that join into the same part', () => {
    const part = { comments: Array.from({ length: 3000 }, (_, i) => ({ id: i, body: `comment ${i} `.repeat(40) })) };

    const pieces = personalDataPieces(EXPORT_ID, USER_ID, part);

    expect(pieces.length).toBe(Math.ceil(Buffer.byteLength(JSON.stringify(part)) / PERSONAL_DATA_CHUNK_BYTES));
    expect(pieces.map((p) => [p.chunk, p.chunkCount])).toEqual(pieces.map((_, i) => [i, pieces.length]));
    expect(pieces.every((p) => Buffer.byteLength(p.content) <= PERSONAL_DATA_CHUNK_BYTES)).toBe(true);
    expect(joinPersonalDataPart(pieces.map((p) => p.content))).toEqual(part);
  });

  it('should never cut a character of several bytes in two', () => {
    const text = JSON.stringify({ name: 'é€😀'.repeat(50) });

    const pieces = splitPersonalDataText(text, 5);

    expect(pieces.every((p) => Buffer.byteLength(p) <= 5 && !p.includes('\uFFFD'))).toBe(true);
    expect(pieces.join('')).toBe(text);
  });

  it('should refuse pieces the joined text does not make an object of', () => {
    expect(() => joinPersonalDataPart(['[1,', '2]'])).toThrow('a personal data part must be a JSON object');
  });
});
