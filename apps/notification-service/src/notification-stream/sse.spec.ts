import { parseLastEventId, sseComment, sseEvent, sseRetry } from './sse';

describe('sse', () => {
  it('should frame an event with its id, name and data, ended by a blank line', () => {
    expect(sseEvent('42', 'notification', '{"a":1}')).toBe('id: 42\nevent: notification\ndata: {"a":1}\n\n');
  });

  it('should put every line of multi-line data on its own data field', () => {
    expect(sseEvent('7', 'notification', 'one\ntwo\r\nthree')).toBe('id: 7\nevent: notification\ndata: one\ndata: two\ndata: three\n\n');
  });

  it('should frame a comment and a retry hint', () => {
    expect(sseComment('ping')).toBe(': ping\n\n');
    expect(sseRetry(3000)).toBe('retry: 3000\n\n');
  });

  it('should read Last-Event-ID as a seq, treat an absent or empty one as none, and refuse anything else', () => {
    expect(parseLastEventId(undefined)).toBeUndefined();
    expect(parseLastEventId('  ')).toBeUndefined();
    expect(parseLastEventId('0')).toBe('0');
    expect(parseLastEventId(' 1042 ')).toBe('1042');
    expect(parseLastEventId('999999999999999999')).toBe('999999999999999999');
    for (const bad of ['-1', '01', '1.5', 'abc', '1e3', '9999999999999999999']) expect([bad, parseLastEventId(bad)]).toEqual([bad, null]);
  });
});
