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

/**
 * Samples in a row the event-loop delay must be over its limit before requests are shed. One stall (a major GC, the
 * first run of a cold code path on a busy node) is not overload, and shedding on it turns away requests that would have
 * been served; a loop that stays late across two samples (0.5 s) is. RSS is a level, not a spike: one sample is enough.
 */
export const DELAY_SAMPLES_TO_SHED = 2;

/**
 * Whether new requests should be refused, and why. Pure: the sampling happens elsewhere. `delayStreak` is how many
 * samples in a row, this one included, had the event-loop delay over its limit.
 */
export function evaluateLoad(sample: LoadSample, limits: LoadLimits, delayStreak: number): LoadDecision {
  if (sample.eventLoopDelayMs > limits.maxEventLoopDelayMs && delayStreak >= DELAY_SAMPLES_TO_SHED) {
    return { overloaded: true, reason: 'event_loop_delay' };
  }
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
  /** called when the decision changes (into or out of overload), with the sample that changed it */
  readonly onChange?: (decision: LoadDecision, sample: LoadSample) => void;
}

/**
 * Samples event-loop delay (perf_hooks histogram, plus the lateness of its own timer, which sees a long block at once)
 * and RSS on a timer, and keeps the current decision in a field the request hook reads: no work per request. Sheds on
 * delay only once it has lasted `DELAY_SAMPLES_TO_SHED` samples; recovers at the first sample under both limits.
 */
export class LoadShedder {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly intervalMs: number;
  private readonly readRssBytes: () => number;
  private readonly onChange?: (decision: LoadDecision, sample: LoadSample) => void;
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private delayStreak = 0;
  private current: LoadDecision = NOT_OVERLOADED;

  constructor(
    private readonly limits: LoadLimits,
    options: LoadShedderOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 250;
    this.readRssBytes = options.readRssBytes ?? (() => process.memoryUsage.rss());
    this.onChange = options.onChange;
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
    const sample: LoadSample = { eventLoopDelayMs: Math.max(timerLatenessMs, histogramMs), rssMb: this.readRssBytes() / (1024 * 1024) };
    this.delayStreak = sample.eventLoopDelayMs > this.limits.maxEventLoopDelayMs ? this.delayStreak + 1 : 0;
    const previous = this.current;
    this.current = evaluateLoad(sample, this.limits, this.delayStreak);
    if (this.current.overloaded !== previous.overloaded) this.onChange?.(this.current, sample);
    return this.current;
  }
}
