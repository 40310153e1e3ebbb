import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { FAMILIES, type Family, type MixRequest, nextRequest, type Workload } from './workload';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  duration: number;
}
interface Instance {
  on(event: 'response', listener: (client: { requestIterator: { context: { family?: Family } } }, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (
  options: {
    url: string;
    connections: number;
    duration: number;
    pipelining: number;
    requests: { setupRequest: (req: Record<string, unknown>, context: { family?: Family }) => Record<string, unknown> }[];
  },
  done: (error: Error | null, result: AutocannonResult) => void,
) => Instance;

export interface FamilyFigures {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failed: number;
}

export interface DriveResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failed: number;
  readonly families: Record<Family, FamilyFigures>;
}

/** The p-th percentile (nearest rank), rounded to 0.1 ms. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
}

/**
 * Runs the mix against `baseUrl` for `seconds` with autocannon (pipelining 1). Each request is drawn when autocannon
 * builds it (setupRequest) and its family noted in the connection's context; with one request in flight per
 * connection, the `response` event that follows is that request's, which gives per-family latencies.
 */
export async function driveMix(
  baseUrl: string,
  workload: Workload,
  random: () => number,
  authorization: (userId: string) => string,
  options: { connections: number; seconds: number; shares: Record<Family, number> },
): Promise<DriveResult> {
  const autocannon = createRequire(__filename)('autocannon') as Autocannon;
  const times = Object.fromEntries(FAMILIES.map((f) => [f, [] as number[]])) as Record<Family, number[]>;
  const failed = Object.fromEntries(FAMILIES.map((f) => [f, 0])) as Record<Family, number>;
  const setupRequest = (req: Record<string, unknown>, context: { family?: Family }): Record<string, unknown> => {
    const next: MixRequest = nextRequest(workload, options.shares, random);
    context.family = next.family;
    const headers: Record<string, string> = { authorization: authorization(next.userId) };
    if (next.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = randomUUID();
    }
    return { ...req, method: next.method, path: next.path, headers, body: next.body };
  };
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      { url: baseUrl, connections: options.connections, duration: options.seconds, pipelining: 1, requests: [{ setupRequest }] },
      (error, r) => (error ? reject(error) : resolve(r)),
    );
    instance.on('response', (client, status, _bytes, ms) => {
      const family = client.requestIterator.context.family;
      if (!family) return;
      times[family].push(ms);
      if (status >= 400) failed[family] += 1;
    });
  });
  const families = Object.fromEntries(
    FAMILIES.map((f) => {
      const sorted = [...times[f]].sort((a, b) => a - b);
      const figures: FamilyFigures = {
        requests: sorted.length,
        requestsPerSecond: Math.round(sorted.length / options.seconds),
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        failed: failed[f],
      };
      return [f, figures];
    }),
  ) as Record<Family, FamilyFigures>;
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: result.non2xx + result.errors,
    families,
  };
}
