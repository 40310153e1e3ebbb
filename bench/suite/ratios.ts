import { type ScenarioResult, type SuiteResult } from './runner';
import { round2 } from './stats';

/** A ratio of two rows' medians of the same run, and the issue's bound for it (if any). */
export interface Ratio {
  readonly name: string;
  readonly value: number | undefined;
  /** at least this much (issue 16) */
  readonly atLeast?: number;
}

/** A target of issue 16 and whether this run met it; undefined when its row did not run. */
export interface Target {
  readonly name: string;
  readonly met: boolean | undefined;
  readonly measured: string;
}

const find = (r: SuiteResult, id: string): ScenarioResult | undefined => r.scenarios.find((s) => s.id === id);

function ratio(r: SuiteResult, name: string, numerator: string, denominator: string, atLeast?: number): Ratio {
  const a = find(r, numerator);
  const b = find(r, denominator);
  return { name, value: a && b && b.perSecond > 0 ? round2(a.perSecond / b.perSecond) : undefined, atLeast };
}

/** The same ratio by requests per core-second of each row's processes under test: less disturbed by neighbours. */
function perCoreRatio(r: SuiteResult, name: string, numerator: string, denominator: string): Ratio {
  const a = find(r, numerator)?.perCoreSecond;
  const b = find(r, denominator)?.perCoreSecond;
  return { name, value: a !== undefined && b !== undefined && b > 0 ? round2(a / b) : undefined };
}

export function ratios(r: SuiteResult): Ratio[] {
  return [
    ratio(r, '3 / 2: the gateway keeps of the task service alone', 's3-task-list-gateway', 's2-task-list-direct', 0.45),
    ratio(r, '2 / 1: the task list against the node:http ceiling', 's2-task-list-direct', 's1-node-http-ceiling', 0.15),
    ratio(r, '2 / 2 from Postgres: what the cache of filtered lists gives', 's2-task-list-direct', 's2-uncached-task-list-direct'),
    ratio(r, '7 / no-outbox baseline: what the outbox and inbox cost', 's7-backbone', 's7-no-outbox', 0.8),
    ratio(r, '7 / bare amqplib', 's7-backbone', 's7-bare-amqplib'),
    ratio(r, 'two task-service instances / one (scenario 3)', 's3x2-task-list-two-task-services', 's3-task-list-gateway'),
    perCoreRatio(r, '2 / 1 per core-second of the process under test (what the CPU cost per request gives)', 's2-task-list-direct', 's1-node-http-ceiling'),
  ];
}

function rowTarget(r: SuiteResult, name: string, id: string, minPerSecond: number | undefined, maxP99Ms: number): Target {
  const s = find(r, id);
  if (!s) return { name, met: undefined, measured: 'not run' };
  const met = (minPerSecond === undefined || s.perSecond >= minPerSecond) && s.p99Ms !== undefined && s.p99Ms < maxP99Ms;
  return { name, met, measured: `${s.perSecond} ${s.unit}/s, p99 ${s.p99Ms ?? '-'} ms` };
}

export function targets(r: SuiteResult): Target[] {
  const s6 = find(r, 's6-event-latency');
  const fromRatios: Target[] = ratios(r)
    .filter((x) => x.atLeast !== undefined)
    .map((x) => ({ name: `${x.name} >= ${x.atLeast}`, met: x.value === undefined ? undefined : x.value >= x.atLeast!, measured: x.value === undefined ? 'not run' : String(x.value) }));
  const errors = r.scenarios.reduce((sum, s) => sum + s.errors, 0);
  return [
    rowTarget(r, '3: at least 5,000 requests/s with p99 under 25 ms', 's3-task-list-gateway', 5000, 25),
    rowTarget(r, '5: at least 1,500 requests/s with p99 under 50 ms', 's5-create-task-gateway', 1500, 50),
    {
      name: '6: event p99 under 50 ms at 500 writes/s',
      met: s6 === undefined ? undefined : r.config.writeRate >= 500 && s6.p99Ms !== undefined && s6.p99Ms < 50,
      measured: s6 === undefined ? 'not run' : `p99 ${s6.p99Ms} ms at ${r.config.writeRate} writes/s asked (${s6.extra.issuedRate ?? '-'} issued)`,
    },
    ...fromRatios,
    { name: 'zero errors', met: errors === 0, measured: `${errors}` },
  ];
}
