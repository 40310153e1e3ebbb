/**
 * How far (in time) a replica replays behind its primary, from samples of both WAL positions: the primary's positions
 * not yet replayed are kept with the time they were seen, and the lag is the age of the oldest one (0 when the replica
 * has replayed everything seen). Unlike `now() - pg_last_xact_replay_timestamp()`, it does not grow while nothing is
 * written, and unlike comparing received with replayed positions it also sees WAL the replica has not received.
 */
export class LagTracker {
  private readonly pending: { readonly at: number; readonly lsn: bigint }[] = [];

  /** Records one poll: the primary's position seen at `at`, the replica's replayed position; returns the lag in ms. */
  observe(at: number, primaryLsn: bigint, replayLsn: bigint): number {
    const last = this.pending[this.pending.length - 1];
    if (last === undefined || primaryLsn > last.lsn) this.pending.push({ at, lsn: primaryLsn });
    while (this.pending.length > 0 && this.pending[0].lsn <= replayLsn) this.pending.shift();
    return this.lagMs(at);
  }

  lagMs(now: number): number {
    return this.pending.length === 0 ? 0 : Math.max(0, now - this.pending[0].at);
  }
}
