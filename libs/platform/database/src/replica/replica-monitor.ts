import { Logger } from '@nestjs/common';
import { LagTracker } from './lag-tracker';
import { parseLsn } from './lsn';
import { type ReplicaMetrics } from './replica-metrics';

export interface ReplicaMonitorOptions {
  readonly pollMs: number;
  readonly maxLagMs: number;
  /** a poll waiting longer than this for either server counts as that server not answering */
  readonly timeoutMs: number;
}

/** The WAL positions a poll reads: the primary's current one, the replica's replayed one (null: not a standby). */
export interface WalPositions {
  primary(): Promise<string>;
  replayed(): Promise<string | null>;
}

export type ReplicaVerdict = { readonly usable: true } | { readonly usable: false; readonly reason: 'replica_down' | 'replica_lag' };

const NOT_YET: ReplicaVerdict = { usable: false, reason: 'replica_down' };

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Polls the replica's replayed WAL position and the primary's current one every `pollMs`: whether reads may go to the
 * replica (it answers, and lags at most `maxLagMs`), and how far it has replayed (for read-your-writes). Until the first
 * poll succeeds, the replica counts as down. A query that failed on the replica marks it down until the next poll.
 */
export class ReplicaMonitor {
  private readonly logger = new Logger('ReadReplica');
  private readonly tracker = new LagTracker();
  private replayLsn: bigint | undefined;
  private current: ReplicaVerdict = NOT_YET;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly positions: WalPositions,
    private readonly options: ReplicaMonitorOptions,
    private readonly metrics: ReplicaMetrics,
    private readonly now: () => number = Date.now,
  ) {}

  get verdict(): ReplicaVerdict {
    return this.current;
  }

  /** True when the replica has replayed past `lsn` (as of the last poll: never too early). */
  hasReplayed(lsn: bigint): boolean {
    return this.replayLsn !== undefined && this.replayLsn >= lsn;
  }

  start(): void {
    this.stopped = false;
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** A query on the replica failed as unavailable: no reads go there until a poll finds it answering again. */
  markDown(error: unknown): void {
    this.transition({ usable: false, reason: 'replica_down' }, error instanceof Error ? error.message : String(error));
  }

  /** One poll now (the loop calls it; tests may too). */
  async poll(): Promise<void> {
    const at = this.now();
    const [primary, replayed] = await Promise.allSettled([
      withTimeout(this.positions.primary(), this.options.timeoutMs, 'the primary'),
      withTimeout(this.positions.replayed(), this.options.timeoutMs, 'the replica'),
    ]);
    if (replayed.status === 'rejected') return this.transition(NOT_YET, String((replayed.reason as Error)?.message ?? replayed.reason));
    if (replayed.value === null) return this.transition(NOT_YET, 'READ_DATABASE_URL is not a standby (pg_last_wal_replay_lsn() is null)');
    this.replayLsn = parseLsn(replayed.value);
    // without the primary's position the lag is unknown: keep the last verdict (reads of a down primary fail anyway)
    if (primary.status === 'rejected') return;
    const lagMs = this.tracker.observe(at, parseLsn(primary.value), this.replayLsn);
    this.metrics.replicaState(true, lagMs / 1000);
    this.transition(lagMs > this.options.maxLagMs ? { usable: false, reason: 'replica_lag' } : { usable: true }, `lag ${lagMs} ms`);
  }

  private transition(next: ReplicaVerdict, detail: string): void {
    const previous = this.current;
    this.current = next;
    if (!next.usable && next.reason === 'replica_down') this.metrics.replicaState(false, this.tracker.lagMs(this.now()) / 1000);
    const describe = (v: ReplicaVerdict): string => (v.usable ? 'in use' : v.reason);
    if (describe(previous) !== describe(next)) {
      const message = `read replica ${describe(previous)} -> ${describe(next)} (${detail})`;
      if (next.usable) this.logger.log(message);
      else this.logger.warn(message);
    }
  }

  private async loop(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.poll();
    } catch (error) {
      this.logger.warn(`read replica poll failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.loop(), this.options.pollMs);
    this.timer.unref();
  }
}
