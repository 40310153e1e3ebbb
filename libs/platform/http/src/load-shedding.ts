import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { type ShedReason } from '@taskhub/platform-metrics';

export interface LoadLimits {
  readonly maxEventLoopDelayMs: number;
  readonly maxRssMb: number;
}

export interface LoadSample {
  readonly eventLoopDelayMs: number;
  readonly rssMb: number;
}

export type LoadDecision = { readonly overloaded: false } | { readonly overloaded: true; readonly reason: ShedReason };

const NOT_OVERLOADED: LoadDecision = { overloaded: false };

/** Whether new requests should be refused, and why. Pure: the sampling happens elsewhere. */
export function evaluateLoad(sample: LoadSample, limits: LoadLimits): LoadDecision {
  if (sample.eventLoopDelayMs > limits.maxEventLoopDelayMs) return { overloaded: true, reason: 'event_loop_delay' };
  if (sample.rssMb > limits.maxRssMb) return { overloaded: true, reason: 'memory' };
  return NOT_OVERLOADED;
}

/** Probes and scrapes are always answered: an overloaded instance must still say so, and stay observable. */
export function isShedExempt(url: string): boolean {
  const path = url.split('?', 1)[0];
  return path === '/health' || path.startsWith('/health/') || path === '/metrics';
}

/** Seconds a shed caller is asked to wait (Retry-After). */
export const SHED_RETRY_AFTER_SECONDS = 2;

export interface LoadShedderOptions {
  /** how often load is sampled (default 250 ms); the request path only reads the last decision */
  readonly intervalMs?: number;
  readonly readRssBytes?: () => number;
}

/**
 * Samples event-loop delay (perf_hooks histogram, plus the lateness of its own timer, which sees a long block at once)
 * and RSS on a timer, and keeps the current decision in a field the request hook reads: no work per request.
 */
export class LoadShedder {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly intervalMs: number;
  private readonly readRssBytes: () => number;
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private current: LoadDecision = NOT_OVERLOADED;

  constructor(
    private readonly limits: LoadLimits,
    options: LoadShedderOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 250;
    this.readRssBytes = options.readRssBytes ?? (() => process.memoryUsage.rss());
  }

  get decision(): LoadDecision {
    return this.current;
  }

  start(): void {
    if (this.timer) return;
    this.histogram.enable();
    this.lastTick = performance.now();
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.histogram.disable();
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  /** Takes a sample now and updates the decision (called by the timer; public for tests). */
  sample(): LoadDecision {
    const now = performance.now();
    const timerLatenessMs = this.timer ? Math.max(0, now - this.lastTick - this.intervalMs) : 0;
    this.lastTick = now;
    const histogramMs = this.histogram.count > 0 ? this.histogram.percentile(99) / 1e6 : 0;
    this.histogram.reset();
    this.current = evaluateLoad(
      { eventLoopDelayMs: Math.max(timerLatenessMs, histogramMs), rssMb: this.readRssBytes() / (1024 * 1024) },
      this.limits,
    );
    return this.current;
  }
}
