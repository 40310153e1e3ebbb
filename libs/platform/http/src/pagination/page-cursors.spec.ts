import { BaseServiceConfig, DEVELOPMENT_CURSOR_SIGNING_SECRET, loadServiceConfig, type ServiceName } from '@taskhub/platform-config';
import { InvalidCursorException } from './invalid-cursor.exception';
import { type CursorBinding } from './page';
import { PageCursors } from './page-cursors';
import { MAX_CURSOR_LENGTH } from './page-query.dto';

class UserConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'user';
}
class TaskConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'task';
}

const SECRET = 'a-unit-test-cursor-signing-secret-0123456789';
const cursorsOf = (env: NodeJS.ProcessEnv = {}, configClass: typeof UserConfig = UserConfig): PageCursors =>
  new PageCursors(loadServiceConfig(configClass, { CURSOR_SIGNING_SECRET: SECRET, ...env }));

interface Position {
  readonly name: string;
  readonly id: string;
}
const rows: Position[] = [
  { name: 'ada', id: '01900000-0000-7000-8000-000000000001' },
  { name: 'ali', id: '01900000-0000-7000-8000-000000000002' },
  { name: 'bob', id: '01900000-0000-7000-8000-000000000003' },
];
const BINDING: CursorBinding = { list: 'user.profiles', sort: 'name', filters: { status: 'active', team: 'core' } };
const positionOf = (row: Position): Position => ({ name: row.name, id: row.id });

const MALFORMED = '400 REQUEST.INVALID_CURSOR malformed: the cursor is malformed: pass nextCursor back exactly as the previous page returned it';
const NOT_ISSUED_HERE =
  '400 REQUEST.INVALID_CURSOR not_issued_here: the cursor was not issued by this service or was altered: pass nextCursor back unchanged';
const OTHER_QUERY =
  '400 REQUEST.INVALID_CURSOR other_query: the cursor belongs to another list, sort or filter: repeat the query that returned it, or start again without a cursor';

/** The status, code, reason and message of the InvalidCursorException `decode` throws, or 'accepted'. */
function refusal(cursors: PageCursors, cursor: string, binding: CursorBinding = BINDING): string {
  try {
    cursors.decode(cursor, binding);
    return 'accepted';
  } catch (error) {
    if (error instanceof InvalidCursorException) return `${error.statusCode} ${error.code} ${error.reason}: ${error.message}`;
    throw error;
  }
}

/** The same text with one character changed (to another of the base64url alphabet). */
function flipAt(text: string, index: number): string {
  return `${text.slice(0, index)}${text[index] === 'A' ? 'B' : 'A'}${text.slice(index + 1)}`;
}

describe(PageCursors.name, () => {
  const cursors = cursorsOf();
  const cursorAfter = (count: number, binding: CursorBinding = BINDING): string => cursors.page(rows, count, positionOf, binding).nextCursor!;

  describe('page', () => {
    it('should return the first limit rows and a cursor at the last of them when limit + 1 rows were fetched', () => {
      const page = cursors.page(rows, 2, positionOf, BINDING);

      expect(page.items).toEqual(rows.slice(0, 2));
      expect(page.nextCursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      expect(cursors.decode(page.nextCursor!, BINDING)).toEqual({ name: 'ali', id: '01900000-0000-7000-8000-000000000002' });
    });

    it('should return every row and no cursor when there are no more than limit', () => {
      expect(cursors.page(rows, 3, positionOf, BINDING)).toEqual({ items: rows, nextCursor: null });
      expect(cursors.page(rows.slice(0, 1), 3, positionOf, BINDING)).toEqual({ items: rows.slice(0, 1), nextCursor: null });
      expect(cursors.page([], 3, positionOf, BINDING)).toEqual({ items: [], nextCursor: null });
    });

    it('should refuse a limit under 1', () => {
      expect(() => cursors.page(rows, 0, positionOf, BINDING)).toThrow(new RangeError('a page holds at least one item (limit 0)'));
    });

    it('should refuse a position too large for a cursor a client could send back', () => {
      const huge = [{ name: 'x'.repeat(MAX_CURSOR_LENGTH), id: '1' }, rows[0]];

      expect(() => cursors.page(huge, 1, positionOf, BINDING)).toThrow(
        /^a cursor of user\.profiles would be \d+ characters, over 2048: its position is too large$/,
      );
    });
  });

  describe('decode', () => {
    it('should answer undefined when there is no cursor', () => {
      expect(cursors.decode(undefined, BINDING)).toBeUndefined();
    });

    it('should give back the position of the cursor the same service issued for the same binding', () => {
      expect(cursors.decode(cursorAfter(1), BINDING)).toEqual({ name: 'ada', id: '01900000-0000-7000-8000-000000000001' });
      expect(cursorsOf().decode(cursorAfter(2), BINDING)).toEqual({ name: 'ali', id: '01900000-0000-7000-8000-000000000002' });
    });

    it('should accept the binding with its keys in another order, at every depth', () => {
      const reordered: CursorBinding = { filters: { team: 'core', status: 'active' }, sort: 'name', list: 'user.profiles' };

      expect(cursors.decode(cursorAfter(1), reordered)).toEqual(positionOf(rows[0]));
    });

    it('should refuse a cursor whose payload was changed and whose MAC was kept', () => {
      const [, mac] = cursorAfter(1).split('.');
      const [, otherPayloadMac] = cursorAfter(2).split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ ...decodedPayload(cursorAfter(1)), p: positionOf(rows[2]) })).toString('base64url');

      expect(refusal(cursors, `${forgedPayload}.${mac}`)).toBe(NOT_ISSUED_HERE);
      expect(refusal(cursors, `${cursorAfter(1).split('.')[0]}.${otherPayloadMac}`)).toBe(NOT_ISSUED_HERE);
      expect(refusal(cursors, flipAt(cursorAfter(1), 5))).toBe(NOT_ISSUED_HERE);
    });

    it('should refuse a cursor whose MAC was changed', () => {
      const cursor = cursorAfter(1);

      expect(refusal(cursors, flipAt(cursor, cursor.length - 10))).toBe(NOT_ISSUED_HERE);
      expect(refusal(cursors, flipAt(cursor, cursor.length - 1))).toBe(NOT_ISSUED_HERE);
    });

    it('should refuse a cursor signed with another secret', () => {
      const other = cursorsOf({ CURSOR_SIGNING_SECRET: 'another-secret-of-at-least-32-characters!' });

      expect(refusal(cursors, other.page(rows, 1, positionOf, BINDING).nextCursor!)).toBe(NOT_ISSUED_HERE);
    });

    it('should refuse a cursor of another list, sort or filter, and of another service sharing the secret', () => {
      expect(refusal(cursors, cursorAfter(1, { ...BINDING, list: 'user.teams' }))).toBe(OTHER_QUERY);
      expect(refusal(cursors, cursorAfter(1, { ...BINDING, sort: '-name' }))).toBe(OTHER_QUERY);
      expect(refusal(cursors, cursorAfter(1, { ...BINDING, filters: { status: 'active' } }))).toBe(OTHER_QUERY);
      expect(refusal(cursors, cursorAfter(1), { ...BINDING, filters: { status: 'active', team: 'core', q: undefined, tags: [] } })).toBe(OTHER_QUERY);
      expect(refusal(cursorsOf({}, TaskConfig), cursorAfter(1))).toBe(OTHER_QUERY);
    });

    it('should keep the order of arrays in the binding: the caller sorts those whose order does not matter', () => {
      const cursor = cursorAfter(1, { list: 'user.profiles', ids: ['a', 'b'] });

      expect(cursors.decode(cursor, { list: 'user.profiles', ids: ['a', 'b'] })).toEqual(positionOf(rows[0]));
      expect(refusal(cursors, cursor, { list: 'user.profiles', ids: ['b', 'a'] })).toBe(OTHER_QUERY);
    });

    it.each([
      ['garbage', 'not-one-of-ours'],
      ['no MAC', 'eyJiIjoiIiwicCI6MX0'],
      ['an empty payload', `.${'A'.repeat(43)}`],
      ['a short MAC', `eyJiIjoiIiwicCI6MX0.${'A'.repeat(42)}`],
      ['characters outside base64url', `eyJiIjoiIiwicCI6MX0=.${'A'.repeat(43)}`],
      ['two dots', `a.b.${'A'.repeat(43)}`],
      ['an empty string', ''],
    ])('should refuse %s as malformed', (_case, cursor) => {
      expect(refusal(cursors, cursor)).toBe(MALFORMED);
    });
  });

  describe('keyId', () => {
    it('should be the same for the same secret and service, and differ with another secret or service', () => {
      expect(cursorsOf().keyId).toBe(cursors.keyId);
      expect(cursors.keyId).toMatch(/^[A-Za-z0-9_-]{8}$/);
      expect(cursorsOf({ CURSOR_SIGNING_SECRET: 'another-secret-of-at-least-32-characters!' }).keyId).not.toBe(cursors.keyId);
      expect(cursorsOf({}, TaskConfig).keyId).not.toBe(cursors.keyId);
    });
  });

  describe('construction', () => {
    // NODE_ENV=production refuses the development secret when the config is loaded (load-service-config.spec.ts)
    it('should accept the development secret outside production', () => {
      expect(cursorsOf({ NODE_ENV: 'test', CURSOR_SIGNING_SECRET: DEVELOPMENT_CURSOR_SIGNING_SECRET })).toBeInstanceOf(PageCursors);
    });
  });
});

function decodedPayload(cursor: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(cursor.split('.')[0], 'base64url').toString('utf8')) as Record<string, unknown>;
}
