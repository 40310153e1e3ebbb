/** Quotes a PostgreSQL identifier (database, role): "name", with embedded quotes doubled. */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.length > 63 || name.includes('\0')) throw new Error(`invalid SQL identifier "${name}"`);
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal (standard_conforming_strings is on since PostgreSQL 9.1): 'value'. */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('invalid SQL literal: contains NUL');
  return `'${value.replace(/'/g, "''")}'`;
}
