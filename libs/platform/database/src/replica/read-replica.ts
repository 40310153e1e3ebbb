import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { type DataSource } from 'typeorm';
import { isDatabaseUnavailableError } from '../database-unavailable';
import { type ReplicaReads } from '../service-data-source';
import { type LastWriteStore } from './last-write-store';
import { parseLsn } from './lsn';
import { type ReadRoute } from './read-route';
import { type ReadFallbackReason, type ReplicaMetrics } from './replica-metrics';
import { type ReplicaMonitor } from './replica-monitor';

const REPLICA: ReadRoute = { target: 'replica' };
const PRIMARY: ReadRoute = { target: 'primary' };

/** SQLSTATE 40001 with this message: the standby cancelled a query that blocked the WAL it replays. */
const RECOVERY_CONFLICT = /conflict with recovery/i;
const READ_ONLY_TRANSACTION = '25006';

function sqlState(error: unknown): { code?: string; message: string } {
  const e = error as { code?: unknown; message?: unknown; driverError?: { code?: unknown } };
  const code = typeof e.code === 'string' ? e.code : typeof e.driverError?.code === 'string' ? e.driverError.code : undefined;
  return { code, message: typeof e.message === 'string' ? e.message : '' };
}

/**
 * The read replica of one service instance: its pg pool, its monitor (usable? replayed how far?), and each user's last
 * write position. Decides where a request's reads go and records where a user's writes ended.
 */
export class ReadReplica implements ReplicaReads {
  private readonly logger = new Logger('ReadReplica');

  constructor(
    readonly pool: Pool,
    private readonly primary: DataSource,
    private readonly monitor: ReplicaMonitor,
    private readonly lastWrites: LastWriteStore,
    private readonly metrics: ReplicaMetrics,
  ) {}

  /**
   * Where a read request's queries go: the primary while the replica is down or too far behind, or while it has not
   * replayed the user's last write yet; the replica otherwise.
   */
  async routeFor(userId: string): Promise<ReadRoute> {
    const verdict = this.monitor.verdict;
    if (!verdict.usable) return this.toPrimary(verdict.reason);
    let lastWrite: bigint | undefined;
    try {
      lastWrite = await this.lastWrites.lastWrite(userId);
    } catch {
      return this.toPrimary('session_store_unavailable');
    }
    if (lastWrite !== undefined && !this.monitor.hasReplayed(lastWrite)) {
      this.metrics.routed('primary', 'own_write');
      return PRIMARY;
    }
    this.metrics.routed('replica', 'caught_up');
    return REPLICA;
  }

  /**
   * After a write request: the primary's WAL position now (past the request's commits) becomes the user's last write.
   * Failing to record it is logged, never the request's failure (its writes are committed).
   */
  async recordWrite(userId: string): Promise<void> {
    try {
      const [row] = await this.primary.query<{ lsn: string }[]>('SELECT pg_current_wal_lsn()::text AS lsn');
      await this.lastWrites.record(userId, parseLsn(row.lsn));
    } catch (error) {
      this.logger.warn(`could not record the last write of user ${userId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  admit(): boolean {
    const verdict = this.monitor.verdict;
    if (verdict.usable) return true;
    this.metrics.fallback(verdict.reason);
    return false;
  }

  retryOnPrimary(error: unknown): boolean {
    const { code, message } = sqlState(error);
    let reason: ReadFallbackReason;
    if (code === READ_ONLY_TRANSACTION) reason = 'write_in_read_request';
    else if (code === '40001' && RECOVERY_CONFLICT.test(message)) reason = 'replica_conflict';
    else if (code !== '57014' && isDatabaseUnavailableError(error)) reason = 'replica_error';
    else return false;
    if (reason === 'replica_error') this.monitor.markDown(error);
    if (reason === 'write_in_read_request') this.logger.warn(`a read request wrote; the statement ran on the primary: ${message}`);
    this.metrics.fallback(reason);
    return true;
  }

  start(): void {
    this.monitor.start();
  }

  async stop(): Promise<void> {
    this.monitor.stop();
    await this.pool.end();
  }

  private toPrimary(reason: ReadFallbackReason): ReadRoute {
    this.metrics.fallback(reason);
    this.metrics.routed('primary', reason);
    return PRIMARY;
  }
}
