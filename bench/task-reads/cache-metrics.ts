/** `cache_requests_total{cache, result}` of one instance, summed over its other labels: cache -> result -> count. */
export type CacheCounts = Record<string, Record<string, number>>;

export interface CacheRatio {
  readonly hits: number;
  readonly misses: number;
  /** reads that joined a load already in flight (no load of their own): not hits */
  readonly shared: number;
  readonly bypasses: number;
  /** hits / every read (hits, misses, shared and bypasses); null when the cache was not asked */
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

/** Per cache and `overall` (every cache's reads together). */
export function hitRatios(counts: CacheCounts): Record<string, CacheRatio> {
  const ratio = (hits: number, misses: number, shared: number, bypasses: number): CacheRatio => {
    const reads = hits + misses + shared + bypasses;
    return { hits, misses, shared, bypasses, hitRatio: reads === 0 ? null : Math.round((hits / reads) * 10_000) / 10_000 };
  };
  const out: Record<string, CacheRatio> = {};
  const total = { hit: 0, miss: 0, shared: 0, bypass: 0 };
  for (const cache of Object.keys(counts).sort()) {
    const c = { hit: counts[cache].hit ?? 0, miss: counts[cache].miss ?? 0, shared: counts[cache].shared ?? 0, bypass: counts[cache].bypass ?? 0 };
    out[cache] = ratio(c.hit, c.miss, c.shared, c.bypass);
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += c[key];
  }
  out.overall = ratio(total.hit, total.miss, total.shared, total.bypass);
  return out;
}
