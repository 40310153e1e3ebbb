import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartSvg } from './chart';
import { ratios, targets } from './ratios';
import { type SuiteResult } from './runner';

const cell = (v: number | undefined): string => (v === undefined ? '-' : String(v));
const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' ');

function seedLine(r: SuiteResult): string {
  const seed = r.seed!;
  if (r.stack === 'running') {
    const running = r.config.running!;
    return (
      `Against a running stack (gateway ${running.gatewayUrl}, task service ${running.taskServiceUrl}; its own limits and settings): ` +
      `the bench's ${seed.users} users in ${seed.projects} bench projects, ${seed.tasks} of their tasks read (found or made in ${seed.seconds} s).`
    );
  }
  return `Seed: ${seed.tasks} tasks (seed ${r.config.seed}, ${seed.seconds} s); users: the ${seed.users} members of ${seed.projects} seeded projects.`;
}

/** The run as Markdown: settings, one row per scenario (medians), ratios, targets, CPU per process. */
export function markdown(r: SuiteResult): string {
  const c = r.config;
  const lines = [
    `# TaskHub bench, ${r.date}`,
    '',
    `${c.rounds} rounds x ${c.durationSeconds} s after a ${c.warmupSeconds} s warm-up of each scenario, ${c.connections} connections (closed loop), ` +
      `${c.writeRate} writes/s asked of scenario 6 (open loop); node ${r.node}, ${r.cpus} CPUs; load average ${load(r.loadBefore)} before, ${load(r.loadAfter)} after.`,
    r.seed ? seedLine(r) : '',
    ...(r.skipped.length > 0 ? ['', ...r.skipped.map((k) => `Skipped ${k.id}: ${k.reason}.`)] : []),
    ...(r.rateLimited > 0
      ? ['', `${r.rateLimited} answers were 429 Too Many Requests (among the errors): ${r.stack === 'running' ? "the running stack's rate limits apply to the bench" : 'a rate limit the bench did not raise'}.`]
      : []),
    '',
    '| scenario | per second (median) | p50 ms | p95 ms | p99 ms | errors (all rounds) | rounds | per core-second of the process under test |',
    '|---|---|---|---|---|---|---|---|',
    ...r.scenarios.map(
      (s) =>
        `| ${s.title} | ${s.perSecond} ${s.unit}/s | ${cell(s.p50Ms)} | ${cell(s.p95Ms)} | ${cell(s.p99Ms)} | ${s.errors} | ${s.rounds.map((x) => x.perSecond).join(', ')} | ${cell(s.perCoreSecond)} |`,
    ),
    '',
    '| ratio (same run) | value | issue 16 |',
    '|---|---|---|',
    ...ratios(r).map((x) => `| ${x.name} | ${cell(x.value)} | ${x.atLeast === undefined ? '' : `>= ${x.atLeast}`} |`),
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...targets(r).map((t) => `| ${t.name} | ${t.measured} | ${t.met === undefined ? 'not run' : t.met ? 'yes' : 'no'} |`),
    '',
    'CPU per process (median share of one core over the rounds, %; 200 is the whole machine; Postgres, Redis and RabbitMQ count every client of theirs on this machine):',
    '',
    '| scenario | CPU % |',
    '|---|---|',
    ...r.scenarios.map(
      (s) =>
        `| ${s.id} | ${Object.entries(s.cpuPercent)
          .filter(([, v]) => v >= 1)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} |`,
    ),
  ];
  const extras = r.scenarios.filter((s) => Object.keys(s.extra).length > 0);
  if (extras.length > 0) {
    lines.push('', 'Other figures (medians):', '');
    for (const s of extras) lines.push(`- ${s.id}: ${Object.entries(s.extra).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** bench-<date>.json, .md and .svg in `outDir`; returns their paths. */
export function writeResults(outDir: string, r: SuiteResult): string[] {
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, `bench-${r.date.replace(/[:.]/g, '-')}`);
  const files = [`${base}.json`, `${base}.md`, `${base}.svg`];
  // the bench accounts' password stays out of the results, which get shared
  const config = r.config.running ? { ...r.config, running: { ...r.config.running, password: '(not written)' } } : r.config;
  writeFileSync(files[0], `${JSON.stringify({ ...r, config, ratios: ratios(r), targets: targets(r) }, null, 2)}\n`);
  writeFileSync(files[1], markdown(r));
  writeFileSync(files[2], chartSvg(r));
  return files;
}
