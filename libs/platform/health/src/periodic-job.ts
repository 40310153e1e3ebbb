/**
 * A round of background work every `intervalMs` in this instance (clean-ups, scans, digests): never two rounds at
 * once (a round still running when the next is due is not doubled), a failed round handed to `onError` and the next
 * one tried on time, the timer unref'd (it never keeps the process alive), and `stop()` waiting for the round in
 * flight, so a shutdown does not close the pool under it. Work shared by several instances takes its own lock or
 * claim inside the round.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly round: () => Promise<unknown>,
    private readonly options: {
      /** 0: the job never runs on its own (tick() still runs a round) */
      readonly intervalMs: number;
      readonly onError: (error: unknown) => void;
    },
  ) {}

  start(): void {
    if (this.options.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  /** A round now, or the one already running; settles when it is over (a failure went to onError). */
  tick(): Promise<void> {
    this.running ??= Promise.resolve()
      .then(this.round)
      .then(
        () => undefined,
        (error: unknown) => this.options.onError(error),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

/** An error's message, for a log line. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
