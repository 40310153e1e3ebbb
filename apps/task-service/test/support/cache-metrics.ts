import { type TaskHarness } from './task-harness';

/** `cache_requests_total{cache, result}` of one instance, as a map `<cache>:<result>` → count. */
export async function cacheRequests(harness: TaskHarness): Promise<Record<string, number>> {
  const metric = harness.under.service.metrics.registry.getSingleMetric('cache_requests_total');
  if (!metric) throw new Error('cache_requests_total is not registered');
  const { values } = await metric.get();
  return Object.fromEntries(values.map((v) => [`${String(v.labels.cache)}:${String(v.labels.result)}`, v.value]));
}

/** What each counter of `after` grew by since `before` (only the ones that did). */
export function grownBy(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).flatMap(([key, value]) => (value - (before[key] ?? 0) > 0 ? [[key, value - (before[key] ?? 0)]] : [])));
}

/** The list caches' counters (`lists:…`, `filtered_lists:…`) of `harness` that grew while `run` ran. */
export async function listCacheCounts(harness: TaskHarness, run: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await cacheRequests(harness);
  await run();
  const grown = grownBy(before, await cacheRequests(harness));
  return Object.fromEntries(Object.entries(grown).filter(([key]) => key.startsWith('lists:') || key.startsWith('filtered_lists:')));
}
