import { randomUUID } from 'node:crypto';
import { consumerQueueNames, type QueueType } from '@taskhub/platform-messaging';
import { connect } from 'amqplib';

/** One measurement of the events benchmark: a capacity (events/s) or a latency at a paced rate (p50/p99). */
export interface EventsRow {
  readonly variant: string;
  readonly queueType: QueueType;
  readonly eventsPerSecond?: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  /** writes (or publishes) per second the paced writers reached */
  readonly achievedRate?: number;
}

export interface EventsBenchConfig {
  /** events drained for a capacity figure */
  readonly capacityEvents: number;
  /** writes/s asked of the paced writers, and how long they are measured */
  readonly rate: number;
  readonly seconds: number;
  /**
   * seconds of paced writes before those: not counted in the latency (a process just started compiles its hot paths
   * and opens its pool's connections; a service that has been running has done that long ago)
   */
  readonly warmupSeconds: number;
  readonly prefetch: number;
  /** deliveries per consumer transaction; undefined: the consumer's default */
  readonly consumerBatch: number | undefined;
  /** consumer transactions at once; undefined: the consumer's default */
  readonly consumerConcurrency: number | undefined;
  /** concurrent writers pacing the latency runs */
  readonly writers: number;
}

/** The p-th percentile (nearest rank), rounded to 0.1 ms. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `intervalMs` (a check that queries the database: 100 ms or more, not to load what is measured). */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 300_000, intervalMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/**
 * Runs `write(i)` for i in [0, total) at `rate` per second from `writers` concurrent loops (each waits for its
 * previous write, as a request handler would): the writes/s reached.
 */
export async function paced(total: number, rate: number, writers: number, write: (i: number) => Promise<void>): Promise<number> {
  const began = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = w; i < total; i += writers) {
        const wait = began + (i / rate) * 1000 - performance.now();
        if (wait > 0) await sleep(wait);
        await write(i);
      }
    }),
  );
  return Math.round(total / ((performance.now() - began) / 1000));
}

/** Writes of a latency run: the warm-up's first, not counted, then the measured ones. */
export function latencyWrites(config: EventsBenchConfig): { total: number; warmup: number } {
  const warmup = Math.round(config.rate * config.warmupSeconds);
  return { total: warmup + config.rate * config.seconds, warmup };
}

export function benchUser(i: number): { userId: string; email: string; displayName: string } {
  return { userId: randomUUID(), email: `bench${i}@example.com`, displayName: `Bench ${i}` };
}

let queues = 0;

/**
 * A consumer queue of its own for one measurement: every bench queue is bound to the same routing key, so a queue
 * kept from an earlier measurement would collect (and a later consumer drain) that measurement's events.
 */
export function benchQueue(purpose: string, queueType: QueueType): string {
  queues += 1;
  return `bench.${purpose}-${queueType}-${queues}`;
}

/** Deletes a bench consumer queue with its retry tiers and parking lot. */
export async function deleteBenchQueue(amqpUrl: string, queue: string): Promise<void> {
  const connection = await connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    const names = consumerQueueNames({ queue });
    for (const name of [names.main, ...names.retries, names.dead]) await channel.deleteQueue(name);
  } finally {
    await connection.close();
  }
}
