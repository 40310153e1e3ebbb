import { type LatencySummary } from './stats';
import { type BenchTarget } from './bench-target';

/** What one timed run of a scenario measured. */
export interface Measurement extends Partial<LatencySummary> {
  /** requests (or events, for the event scenarios) completed per second */
  readonly perSecond: number;
  /** requests or events counted */
  readonly count: number;
  /** non-2xx answers, transport errors, events never seen */
  readonly errors: number;
  /** other figures of the scenario (an open-loop run's request latency beside its event latency, ...) */
  readonly extra?: Record<string, number>;
}

/** What a scenario may use: the stack (started once by the runner when any scenario needs it) and the settings. */
export interface BenchContext {
  /** the scratch stack the runner started, or the running stack it attached to */
  readonly stack: BenchTarget | undefined;
  readonly connections: number;
  /** writes/s asked of the open-loop writers of the latency scenario (issue 16: 500) */
  readonly writeRate: number;
  readonly log: (line: string) => void;
  /** long-lived processes a scenario started itself (the node:http ceiling), by CPU label, for the CPU figures */
  readonly ownProcesses: Map<string, number>;
}

/**
 * One row of `npm run bench`: `setup` once, then `measure` for the warm-up (not counted) and once per round,
 * alternating with the other scenarios, then `teardown`. A scenario module exports a factory of these; bench/run.ts
 * lists the factories, so a new row is one import and one entry there.
 */
export interface BenchScenario {
  /** short, stable: the key in the JSON and the ratios (`s3-task-list-gateway`) */
  readonly id: string;
  readonly title: string;
  /** what `perSecond` counts */
  readonly unit: 'requests' | 'events';
  /** needs the TaskHub stack (services, gateway, seeded data) */
  readonly needsStack: boolean;
  /**
   * the CPU labels of the processes under test (`task-service`, `node:http server`): the report divides the
   * throughput by their CPU, a cost per request that neighbours on a shared machine disturb much less
   */
  readonly processesUnderTest?: readonly string[];
  /** the stack also runs a second task-service instance and a gateway over both */
  readonly needsSecondTaskInstance?: boolean;
  /** why this row cannot run against a running stack (BENCH_STACK=running), if it cannot: it is skipped, saying so */
  readonly notOnRunningStack?: string;
  setup?(context: BenchContext): Promise<void>;
  measure(context: BenchContext, seconds: number): Promise<Measurement>;
  teardown?(): Promise<void>;
}

/** One scenario, or several that share what they set up (the event backbone and its two baselines). */
export type ScenarioFactory = () => BenchScenario | readonly BenchScenario[];
