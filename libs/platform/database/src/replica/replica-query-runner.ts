import { type QueryRunner, type ReplicationMode } from 'typeorm';

/** What a replica-routed query runner needs from the read replica. */
export interface ReplicaFailureSink {
  /** a query on the replica failed: true when it may be retried on the primary (and the failure was counted) */
  retryOnPrimary(error: unknown): boolean;
}

type Query = (query: string, parameters?: unknown[], useStructuredResult?: boolean) => Promise<unknown>;

/**
 * Makes `runner` (created in 'slave' mode: its connection comes from the replica pool) fall back to the primary:
 * - a transaction started before its first query runs on the primary (it may write; TypeORM decides the pool when the
 *   runner connects, so switching its mode then is enough);
 * - a query outside a transaction that fails as unavailable, or is cancelled for a recovery conflict, runs again on a
 *   primary runner, which serves the rest of this runner's queries.
 */
export function withPrimaryFallback(runner: QueryRunner, primaryRunner: () => QueryRunner, sink: ReplicaFailureSink): QueryRunner {
  let fallback: QueryRunner | undefined;
  let used = false;
  const replicaQuery = runner.query.bind(runner) as Query;
  const startTransaction = runner.startTransaction.bind(runner);
  const release = runner.release.bind(runner);
  // `mode` is protected in TypeORM's types but read by connect(): the documented way to pick the pool of a runner
  const modeOf = runner as unknown as { mode: ReplicationMode };

  runner.startTransaction = async (isolationLevel) => {
    if (!used) modeOf.mode = 'master';
    used = true;
    return startTransaction(isolationLevel);
  };
  const query: Query = async (sql, parameters, structured) => {
    if (fallback) return (fallback.query as Query)(sql, parameters, structured);
    used = true;
    try {
      return await replicaQuery(sql, parameters, structured);
    } catch (error) {
      if (modeOf.mode !== 'slave' || runner.isTransactionActive || !sink.retryOnPrimary(error)) throw error;
      fallback = primaryRunner();
      return (fallback.query as Query)(sql, parameters, structured);
    }
  };
  runner.query = query as QueryRunner['query'];
  runner.release = async () => {
    await Promise.all([release(), fallback?.release()]);
  };
  return runner;
}
