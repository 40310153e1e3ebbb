/* eslint-disable no-console -- a benchmark prints its table */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CacheCounts, type CacheRatio, hitRatios } from './cache-metrics';
import { type DriveResult } from './drive';
import { FAMILIES, type Family } from './workload';

export type VariantName = 'cached' | 'noRefresh' | 'coldCache';

export const VARIANTS: Record<VariantName, string> = {
  cached: 'caches as configured (defaults)',
  noRefresh: 'defaults without refresh-ahead',
  coldCache: 'cache TTLs 1 s, no warming',
};

export interface RoundResult extends DriveResult {
  /** cache_requests_total of the instance during the round */
  readonly cacheCounts: CacheCounts;
}

export interface FamilyMedians {
  readonly share: number;
  readonly medianRequestsPerSecond: number;
  readonly medianP50Ms: number;
  readonly medianP99Ms: number;
  readonly failed: number;
}

export interface VariantResult {
  readonly label: string;
  readonly medianRequestsPerSecond: number;
  readonly medianP50Ms: number;
  readonly medianP99Ms: number;
  readonly failed: number;
  /** over every measured round (hits and misses summed), per cache and overall */
  readonly hitRatios: Record<string, CacheRatio>;
  readonly families: Record<Family, FamilyMedians>;
  readonly rounds: readonly RoundResult[];
}

export interface TaskReadsResult {
  readonly date: string;
  readonly node: string;
  readonly cpus: number;
  readonly loadBefore: number[];
  readonly loadAfter: number[];
  readonly config: Record<string, unknown>;
  readonly workload: { projects: number; memberships: number; users: number };
  readonly variants: Partial<Record<VariantName, VariantResult>>;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round(((sorted[mid - 1] + sorted[mid]) / 2) * 10) / 10;
}

export function summarize(name: VariantName, rounds: readonly RoundResult[], counts: CacheCounts, shares: Record<Family, number>): VariantResult {
  const families = Object.fromEntries(
    FAMILIES.map((f) => [
      f,
      {
        share: shares[f],
        medianRequestsPerSecond: median(rounds.map((r) => r.families[f].requestsPerSecond)),
        medianP50Ms: median(rounds.map((r) => r.families[f].p50Ms)),
        medianP99Ms: median(rounds.map((r) => r.families[f].p99Ms)),
        failed: rounds.reduce((sum, r) => sum + r.families[f].failed, 0),
      },
    ]),
  ) as Record<Family, FamilyMedians>;
  return {
    label: VARIANTS[name],
    medianRequestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
    medianP50Ms: median(rounds.map((r) => r.p50Ms)),
    medianP99Ms: median(rounds.map((r) => r.p99Ms)),
    failed: rounds.reduce((sum, r) => sum + r.failed, 0),
    hitRatios: hitRatios(counts),
    families,
    rounds,
  };
}

const pct = (ratio: number | null): string => (ratio === null ? '-' : `${(ratio * 100).toFixed(1)} %`);

export function writeAndPrint(root: string, r: TaskReadsResult): void {
  const c = r.config;
  console.log(
    `\ntask reads bench: ${String(c.tasks)} seeded tasks, ${r.workload.projects} projects, ${r.workload.users} users (${r.workload.memberships} memberships);` +
      ` ${String(c.rounds)} rounds x ${String(c.durationSeconds)} s after ${String(c.warmupSeconds)} s not counted, ${String(c.connections)} connections;` +
      ` medians; node ${r.node}, ${r.cpus} CPUs; load average ${r.loadBefore.map((x) => x.toFixed(2)).join(' ')} before, ${r.loadAfter.map((x) => x.toFixed(2)).join(' ')} after`,
  );
  const variants = Object.values(r.variants);
  const caches = [...new Set(variants.flatMap((v) => Object.keys(v.hitRatios)))];
  console.log(`\n| hit ratio: hits / reads (hits, misses, shared) | ${variants.map((v) => v.label).join(' | ')} |`);
  console.log(`|---|${variants.map(() => '---').join('|')}|`);
  for (const cache of caches) {
    const cell = (ratio: CacheRatio | undefined): string => `${pct(ratio?.hitRatio ?? null)} (${ratio?.hits ?? 0}, ${ratio?.misses ?? 0}, ${ratio?.shared ?? 0})`;
    console.log(`| ${cache} | ${variants.map((v) => cell(v.hitRatios[cache])).join(' | ')} |`);
  }
  console.log('\n| variant | route family | share | req/s | p50 ms | p99 ms | failed |');
  console.log('|---|---|---|---|---|---|---|');
  for (const v of variants) {
    console.log(`| ${v.label} | all | 100 % | ${v.medianRequestsPerSecond} | ${v.medianP50Ms} | ${v.medianP99Ms} | ${v.failed} |`);
    for (const f of FAMILIES) {
      const x = v.families[f];
      console.log(`| ${v.label} | ${f} | ${(x.share * 100).toFixed(1)} % | ${x.medianRequestsPerSecond} | ${x.medianP50Ms} | ${x.medianP99Ms} | ${x.failed} |`);
    }
  }
  const outDir = join(root, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `task-reads-${r.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  console.log(`results: ${file}`);
}
