import { resolveCorrelationId, sanitizeCorrelationId } from './correlation-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe(sanitizeCorrelationId.name, () => {
  it.each(['abc-123', 'req_1.2:3', '0f8fad5b-d9cb-469f-a165-70867728950e', 'a'.repeat(128)])('should accept %s', (value) => {
    expect(sanitizeCorrelationId(value)).toBe(value);
  });

  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'abc 123'],
    ['with a newline (log injection)', 'abc\n{"level":"fatal"}'],
    ['with quotes', 'a"b'],
    ['with non-ASCII', 'abcé'],
  ])('should refuse a value %s', (_label, value) => {
    expect(sanitizeCorrelationId(value)).toBeUndefined();
  });

  it('should take the first of repeated headers', () => {
    expect(sanitizeCorrelationId(['first', 'second'])).toBe('first');
  });
});

describe(resolveCorrelationId.name, () => {
  it('should keep a sane incoming id', () => {
    expect(resolveCorrelationId('from-gateway-1')).toBe('from-gateway-1');
  });

  it('should generate a UUID when the header is missing or unsafe', () => {
    expect(resolveCorrelationId(undefined)).toMatch(UUID);
    expect(resolveCorrelationId('<script>')).toMatch(UUID);
    expect(resolveCorrelationId(undefined)).not.toBe(resolveCorrelationId(undefined));
  });
});
