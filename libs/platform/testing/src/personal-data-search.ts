/** Runs one SQL statement on a database (a TypeORM DataSource's `query`, a pg client's rows). */
export type SqlQuery = (sql: string, parameters?: unknown[]) => Promise<unknown[]>;

const LIKE_SPECIALS = /[\\%_]/g;

/**
 * The tables of a database (schema `public`) with a row whose text (`t::text`, every column) contains any of
 * `needles`, case-insensitively, and how many such rows each has: `{}` when none does. The check of an erasure: an
 * e-mail address or a display name found nowhere.
 */
export async function tablesMentioning(query: SqlQuery, needles: readonly string[]): Promise<Record<string, number>> {
  const patterns = needles.map((n) => `%${n.replace(LIKE_SPECIALS, '\\$&')}%`);
  const tables = (await query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`)) as { table_name: string }[];
  const found: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = (await query(`SELECT count(*)::int AS n FROM "${table.replace(/"/g, '""')}" AS t WHERE t::text ILIKE ANY($1)`, [patterns])) as { n: number }[];
    if (row.n > 0) found[table] = row.n;
  }
  return found;
}
