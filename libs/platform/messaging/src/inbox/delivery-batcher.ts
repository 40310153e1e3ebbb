export interface DeliveryBatcherOptions<D> {
  /** deliveries per batch at most */
  readonly batchSize: number;
  /** batches applied at once at most; what arrives meanwhile waits and goes in the next batch */
  readonly maxInFlight: number;
  /** applies one batch; must not reject */
  readonly apply: (batch: D[]) => Promise<void>;
}

/**
 * Groups deliveries for group commit. What arrives in one turn of the event loop goes together; while `maxInFlight`
 * batches are being applied, what arrives waits and goes in one batch as soon as one of them is done. So an idle
 * consumer applies a delivery at once, and a busy one applies fewer, larger transactions instead of queueing many
 * small ones for the same connections.
 */
export class DeliveryBatcher<D> {
  private buffer: D[] = [];
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: DeliveryBatcherOptions<D>) {}

  add(delivery: D): void {
    this.buffer.push(delivery);
    if (this.buffer.length >= this.options.batchSize) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Starts batches of what is buffered, as far as the in-flight limit allows. */
  flush(): void {
    this.scheduled = false;
    while (this.buffer.length > 0 && this.inFlight.size < this.options.maxInFlight) {
      const batch = this.buffer.splice(0, this.options.batchSize);
      const work = this.options.apply(batch);
      this.inFlight.add(work);
      void work.finally(() => {
        this.inFlight.delete(work);
        this.flush();
      });
    }
  }

  /** Resolves once nothing is buffered or being applied. */
  async idle(): Promise<void> {
    this.flush();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
