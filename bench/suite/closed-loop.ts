import { createRequire } from 'node:module';
import { type Measurement } from './scenario';
import { latencySummary } from './stats';

export interface BenchRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

interface AutocannonResult {
  requests: { total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
interface Instance {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (
  options: {
    url: string;
    connections: number;
    duration: number;
    pipelining: number;
    timeout: number;
    requests: { setupRequest: (req: Record<string, unknown>) => Record<string, unknown> }[];
  },
  done: (error: Error | null, result: AutocannonResult) => void,
) => Instance;

/**
 * Closed loop: `connections` keep-alive connections, each sending its next request when the previous answer arrived
 * (autocannon, pipelining 1), for `seconds`. Throughput: answers per second. Latency: of every answer (autocannon
 * reports no p95, so each answer's time is kept). A closed loop slows down with the server, so its latency hides
 * queueing: the latency scenario uses the open loop (open-loop.ts).
 */
export async function closedLoop(baseUrl: string, seconds: number, connections: number, next: () => BenchRequest): Promise<Measurement> {
  const autocannon = createRequire(__filename)('autocannon') as Autocannon;
  const latencies: number[] = [];
  const setupRequest = (req: Record<string, unknown>): Record<string, unknown> => {
    const r = next();
    return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body };
  };
  let failedStatuses = 0;
  let rateLimited = 0;
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon({ url: baseUrl, connections, duration: seconds, pipelining: 1, timeout: 10, requests: [{ setupRequest }] }, (error, r) =>
      error ? reject(error) : resolve(r),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms);
      if (status >= 300) failedStatuses += 1;
      if (status === 429) rateLimited += 1;
    });
  });
  const elapsed = result.duration > 0 ? result.duration : seconds;
  return {
    perSecond: Math.round(latencies.length / elapsed),
    count: latencies.length,
    errors: failedStatuses + result.errors, // autocannon counts timeouts among its errors
    ...latencySummary(latencies),
    // 429s are errors too; counted apart so the report can say that a running stack's rate limits answered them
    ...(rateLimited > 0 ? { extra: { rateLimited } } : {}),
  };
}
