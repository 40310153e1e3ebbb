import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/** Far above any rate the bench reaches: every request still pays the rate-limiting plugin's Redis round trip. */
export const BENCH_MINUTE_LIMIT = 1_000_000_000;

interface KongDocument {
  plugins: { name: string; config: Record<string, unknown> }[];
  upstreams: { name: string; targets: { target: string; weight: number }[] }[];
}

/**
 * kong/kong.yml for a bench gateway: the edge's rate limit raised out of reach (the one change issue 16 allows), and
 * the task service's upstream given `taskTargets` (`task-service:3003`, `task-service-2:3003`, ...), which
 * GATEWAY_CONNECT_TO then maps to the instances. Written to `file` (a bench stack's, beside its logs), or to a fresh
 * temporary folder that stays (`npm run bench:kong`); returns its path.
 */
export function benchKongConfig(root: string, taskTargets: readonly string[], file?: string): string {
  const doc = parse(readFileSync(join(root, 'kong', 'kong.yml'), 'utf8')) as KongDocument;
  const limiter = doc.plugins.find((p) => p.name === 'rate-limiting');
  if (!limiter) throw new Error('kong/kong.yml has no rate-limiting plugin: the bench expects one to raise');
  limiter.config.minute = BENCH_MINUTE_LIMIT;
  const upstream = doc.upstreams.find((u) => u.name === 'task-service.upstream');
  if (!upstream) throw new Error('kong/kong.yml has no task-service.upstream');
  upstream.targets = taskTargets.map((target) => ({ target, weight: 100 }));
  const path = file ?? join(mkdtempSync(join(tmpdir(), 'taskhub-bench-kong-')), 'kong.yml');
  writeFileSync(path, stringify(doc, { aliasDuplicateObjects: false }));
  return path;
}
