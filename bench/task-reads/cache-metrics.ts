/** `cache_requests_total{cache, result}` of one instance, summed over its other labels: cache -> result -> count. */
export type CacheCounts = Record<string, Record<string, number>>;

export interface CacheRatio {
  readonly hits: number;
  readonly misses: number;
  readonly bypasses: number;
  /** hits / (hits + misses); null when the cache was not asked */
  readonly hitRatio: number | null;
}

const LINE = /^cache_requests_total\{([^}]*)\}\s+([0-9.e+]+)/;

/** The counters of a Prometheus text exposition (`GET /metrics`). */
export function parseCacheCounts(text: string): CacheCounts {
  const counts: CacheCounts = {};
  for (const line of text.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (!labels.cache || !labels.result) continue;
    const byResult = (counts[labels.cache] ??= {});
    byResult[labels.result] = (byResult[labels.result] ?? 0) + Number(match[2]);
  }
  return counts;
}

export async function readCacheCounts(baseUrl: string): Promise<CacheCounts> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return parseCacheCounts(await response.text());
}

/** after - before, per cache and result */
export function countsBetween(before: CacheCounts, after: CacheCounts): CacheCounts {
  const delta: CacheCounts = {};
  for (const [cache, results] of Object.entries(after)) {
    delta[cache] = {};
    for (const [result, value] of Object.entries(results)) delta[cache][result] = value - (before[cache]?.[result] ?? 0);
  }
  return delta;
}

export function addCounts(a: CacheCounts, b: CacheCounts): CacheCounts {
  const sum: CacheCounts = structuredClone(a);
  for (const [cache, results] of Object.entries(b)) {
    sum[cache] ??= {};
    for (const [result, value] of Object.entries(results)) sum[cache][result] = (sum[cache][result] ?? 0) + value;
  }
  return sum;
}

/** Per cache and `overall` (every cache's hits and misses together). */
export function hitRatios(counts: CacheCounts): Record<string, CacheRatio> {
  const ratio = (hits: number, misses: number, bypasses: number): CacheRatio => ({
    hits,
    misses,
    bypasses,
    hitRatio: hits + misses === 0 ? null : Math.round((hits / (hits + misses)) * 10_000) / 10_000,
  });
  const out: Record<string, CacheRatio> = {};
  let hits = 0;
  let misses = 0;
  let bypasses = 0;
  for (const cache of Object.keys(counts).sort()) {
    const c = counts[cache];
    out[cache] = ratio(c.hit ?? 0, c.miss ?? 0, c.bypass ?? 0);
    hits += c.hit ?? 0;
    misses += c.miss ?? 0;
    bypasses += c.bypass ?? 0;
  }
  out.overall = ratio(hits, misses, bypasses);
  return out;
}
