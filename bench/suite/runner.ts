import { cpus, loadavg } from 'node:os';
import { cpuPercent, cpuSnapshot } from './cpu';
import { type BenchTarget } from './bench-target';
import { RunningStack } from './running/running-stack';
import { type BenchContext, type BenchScenario, type Measurement, type ScenarioFactory } from './scenario';
import { BenchStack } from './stack';
import { median, round1 } from './stats';
import { type SuiteConfig } from './suite-config';

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly unit: 'requests' | 'events';
  readonly rounds: readonly (Measurement & { readonly cpuPercent: Record<string, number> })[];
  /** medians over the rounds */
  readonly perSecond: number;
  readonly p50Ms?: number;
  readonly p95Ms?: number;
  readonly p99Ms?: number;
  /** summed over the rounds */
  readonly errors: number;
  /**
   * requests (events) per core-second of the processes under test: perSecond over their summed CPU share, the median
   * over the rounds; undefined when the scenario names none
   */
  readonly perCoreSecond?: number;
  /** median share of one core per process over the rounds (%) */
  readonly cpuPercent: Record<string, number>;
  readonly extra: Record<string, number>;
}

export interface SuiteResult {
  readonly date: string;
  readonly node: string;
  readonly cpus: number;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  readonly config: SuiteConfig;
  readonly seed?: { readonly tasks: number; readonly projects: number; readonly users: number; readonly memberships: number; readonly seconds: number };
  /** `scratch`: a stack of the run's own; `running`: one that was running already, with its own limits */
  readonly stack: 'scratch' | 'running';
  readonly scenarios: readonly ScenarioResult[];
  /** rows that did not run, and why (a running stack lacks what they start themselves) */
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
  /** answers 429 (all rows, all rounds): on a running stack, its rate limits at work; each is also an error */
  readonly rateLimited: number;
}

/** The scratch stack, or the running one of config.running. */
async function startTarget(config: SuiteConfig, secondTaskInstance: boolean, log: (line: string) => void): Promise<BenchTarget> {
  if (config.running) {
    const r = config.running;
    return RunningStack.attach({ ...r, projects: config.projects, log });
  }
  return BenchStack.start({
    root: config.root,
    tasks: config.tasks,
    seed: config.seed,
    projects: config.projects,
    secondTaskInstance,
    logDir: config.logDir,
    cpuProfileDir: config.cpuProfileDir,
    log,
  });
}

function medianOf(values: readonly (number | undefined)[]): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  const m = median(present);
  return m === undefined ? undefined : round1(m);
}

function perCoreSecond(scenario: BenchScenario, rounds: ScenarioResult['rounds']): number | undefined {
  const labels = scenario.processesUnderTest;
  if (!labels || labels.length === 0) return undefined;
  const perRound = rounds.map((r) => {
    const cores = labels.reduce((sum, l) => sum + (r.cpuPercent[l] ?? 0), 0) / 100;
    return cores > 0 ? r.perSecond / cores : undefined;
  });
  const m = medianOf(perRound);
  return m === undefined ? undefined : Math.round(m);
}

function summarize(scenario: BenchScenario, rounds: ScenarioResult['rounds']): ScenarioResult {
  const labels = [...new Set(rounds.flatMap((r) => Object.keys(r.cpuPercent)))];
  const extraKeys = [...new Set(rounds.flatMap((r) => Object.keys(r.extra ?? {})))];
  return {
    id: scenario.id,
    title: scenario.title,
    unit: scenario.unit,
    rounds,
    perSecond: Math.round(medianOf(rounds.map((r) => r.perSecond)) ?? 0),
    perCoreSecond: perCoreSecond(scenario, rounds),
    p50Ms: medianOf(rounds.map((r) => r.p50Ms)),
    p95Ms: medianOf(rounds.map((r) => r.p95Ms)),
    p99Ms: medianOf(rounds.map((r) => r.p99Ms)),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    cpuPercent: Object.fromEntries(labels.map((l) => [l, Math.round(medianOf(rounds.map((r) => r.cpuPercent[l])) ?? 0)])),
    extra: Object.fromEntries(extraKeys.map((k) => [k, medianOf(rounds.map((r) => r.extra?.[k])) ?? 0])),
  };
}

/**
 * Runs the scenarios: the stack once (if any needs it), each scenario's setup, a warm-up of every scenario (not
 * counted: connections, JIT, caches), then `rounds` rounds in which the scenarios take turns (so a disturbance of the
 * shared machine hits one round of each rather than all rounds of one), CPU per process read around each run.
 */
export async function runSuite(factories: readonly ScenarioFactory[], config: SuiteConfig, log: (line: string) => void): Promise<SuiteResult> {
  const all = factories.flatMap((f) => [f()].flat());
  const asked = config.scenarios.length === 0 ? all : all.filter((s) => config.scenarios.some((prefix) => s.id.startsWith(prefix)));
  if (asked.length === 0) throw new Error(`BENCH_SCENARIOS=${config.scenarios.join(',')} matches none of ${all.map((s) => s.id).join(', ')}`);
  const skipped = config.stack === 'running' ? asked.flatMap((s) => (s.notOnRunningStack ? [{ id: s.id, reason: s.notOnRunningStack }] : [])) : [];
  for (const s of skipped) log(`skipped  ${s.id}: ${s.reason}`);
  const scenarios = asked.filter((s) => !skipped.some((k) => k.id === s.id));
  if (scenarios.length === 0) throw new Error('every row asked is skipped against a running stack');
  const loadBefore = loadavg();
  let stack: BenchTarget | undefined;
  const ready: BenchScenario[] = [];
  const ownProcesses = new Map<string, number>();
  try {
    if (scenarios.some((s) => s.needsStack)) stack = await startTarget(config, scenarios.some((s) => s.needsSecondTaskInstance), log);
    const context: BenchContext = { stack, connections: config.connections, writeRate: config.writeRate, log, ownProcesses };
    for (const s of scenarios) {
      await s.setup?.(context);
      ready.push(s);
    }
    const pids = (): Map<string, number> => new Map([...(stack?.pids ?? []), ...ownProcesses]);
    if (config.warmupSeconds > 0) {
      for (const s of scenarios) {
        const m = await s.measure(context, config.warmupSeconds);
        log(`warm-up  ${s.id.padEnd(34)} ${m.perSecond} ${s.unit}/s, ${m.errors} errors (not counted)`);
      }
    }
    const rounds = new Map<string, ScenarioResult['rounds'][number][]>(scenarios.map((s) => [s.id, []]));
    for (let round = 1; round <= config.rounds; round++) {
      for (const s of scenarios) {
        const before = cpuSnapshot(pids());
        const m = await s.measure(context, config.durationSeconds);
        const cpu = cpuPercent(before, cpuSnapshot(pids()));
        rounds.get(s.id)!.push({ ...m, cpuPercent: cpu });
        const latency = m.p99Ms === undefined ? '' : `, p50 ${m.p50Ms} / p95 ${m.p95Ms} / p99 ${m.p99Ms} ms`;
        log(`round ${round}/${config.rounds} ${s.id.padEnd(34)} ${m.perSecond} ${s.unit}/s${latency}, ${m.errors} errors`);
      }
    }
    const data = stack?.data;
    const rateLimited = [...rounds.values()].flat().reduce((sum, m) => sum + (m.extra?.rateLimited ?? 0), 0);
    if (rateLimited > 0) {
      log(`${rateLimited} answers were 429 Too Many Requests (counted as errors): ${config.stack === 'running' ? "the running stack's rate limits apply" : 'a rate limit the bench did not raise'} (docs/performance.md, "Against a running stack")`);
    }
    return {
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadBefore,
      loadAfter: loadavg(),
      config,
      stack: config.stack,
      skipped,
      rateLimited,
      seed: data && {
        tasks: config.stack === 'running' ? [...data.workload.tasksByProject.values()].reduce((sum, t) => sum + t.length, 0) : config.tasks,
        projects: data.workload.projects.length,
        users: data.workload.users.length,
        memberships: data.workload.memberships.length,
        seconds: Math.round(data.seedMs / 1000),
      },
      scenarios: scenarios.map((s) => summarize(s, rounds.get(s.id)!)),
    };
  } finally {
    for (const s of ready.reverse()) await s.teardown?.().catch((error: unknown) => log(`teardown of ${s.id} failed: ${String(error)}`));
    await stack?.stop();
  }
}
