import { type DataSource } from 'typeorm';

export interface DatabasePoolStats {
  /** connections open (in use + idle) */
  readonly total: number;
  readonly idle: number;
  /** queries waiting for a connection */
  readonly waiting: number;
}

interface PgPoolLike {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/** Counters of the pg pool behind a TypeORM data source; zeros while it is not connected. */
export function poolStats(dataSource: DataSource): DatabasePoolStats {
  const pool = dataSource.isInitialized ? (dataSource.driver as unknown as { master?: PgPoolLike }).master : undefined;
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : { total: 0, idle: 0, waiting: 0 };
}

/** `SELECT 1` that gives up after `timeoutMs` (a black-holed database must not hang a health check). */
export async function pingDatabase(dataSource: DataSource, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to SELECT 1 within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([dataSource.query('SELECT 1'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
