import { quoteIdent, quoteLiteral } from './sql-identifiers';

describe(quoteIdent.name, () => {
  it('should keep a hostile name a single identifier', () => {
    expect(quoteIdent('taskhub_test_x"; DROP DATABASE postgres; --')).toBe('"taskhub_test_x""; DROP DATABASE postgres; --"');
  });

  it('should refuse names PostgreSQL would truncate or reject', () => {
    expect(() => quoteIdent('x'.repeat(64))).toThrow(/invalid SQL identifier/);
    expect(() => quoteIdent('')).toThrow(/invalid SQL identifier/);
  });
});

describe(quoteLiteral.name, () => {
  it('should double single quotes', () => {
    expect(quoteLiteral("pa'ss")).toBe("'pa''ss'");
  });
});
