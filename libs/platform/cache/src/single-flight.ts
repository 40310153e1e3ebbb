/** One run per key at a time: whoever asks for a key while its run is in flight gets that run's result. */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    // a synchronous throw of fn becomes a rejection, like any other failure of the run
    const started = new Promise<T>((resolve) => resolve(fn())).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  /** whether a run of `key` is in flight (a `run` now would join it) */
  has(key: string): boolean {
    return this.inFlight.has(key);
  }

  /** runs in flight */
  get size(): number {
    return this.inFlight.size;
  }
}
