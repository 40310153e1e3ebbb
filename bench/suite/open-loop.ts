import { Pool } from 'undici';
import { type BenchRequest } from './closed-loop';

export interface OpenLoopSample {
  /** when the request was due (not when a free connection sent it): latency includes any queueing */
  readonly dueAt: number;
  readonly answeredAt: number;
  readonly status: number;
  readonly body: string;
}

export interface OpenLoopResult {
  readonly samples: readonly OpenLoopSample[];
  /** transport failures (no answer) */
  readonly failures: number;
  /** requests per second actually issued (below `rate` only if this process could not keep up) */
  readonly issuedPerSecond: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Open loop at a fixed rate: request i is due at start + i / rate and is issued then, whether or not earlier ones
 * have been answered (an undici Pool of up to `connections` keep-alive connections; beyond those, requests wait in
 * the pool's queue, and that wait counts). Latency runs from the due time, so a slow server cannot slow the
 * generator down and hide its queue (the "coordinated omission" of closed loops). Why not wrk2 or autocannon:
 * docs/adr/0013-open-loop-load-generator.md.
 */
export async function openLoop(origin: string, rate: number, seconds: number, connections: number, next: (i: number) => BenchRequest): Promise<OpenLoopResult> {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const total = Math.round(rate * seconds);
  const samples: OpenLoopSample[] = [];
  let failures = 0;
  const inFlight: Promise<void>[] = [];
  const began = performance.now();
  try {
    for (let i = 0; i < total; i++) {
      const dueAt = began + (i * 1000) / rate;
      const wait = dueAt - performance.now();
      if (wait > 1) await sleep(wait);
      const request = next(i);
      inFlight.push(
        pool.request({ method: request.method, path: request.path, headers: request.headers, body: request.body }).then(
          async (response) => {
            const body = await response.body.text();
            samples.push({ dueAt, answeredAt: performance.now(), status: response.statusCode, body });
          },
          () => {
            failures += 1;
          },
        ),
      );
    }
    const issuedPerSecond = Math.round(total / ((performance.now() - began) / 1000));
    await Promise.all(inFlight);
    return { samples, failures, issuedPerSecond };
  } finally {
    await pool.close();
  }
}
