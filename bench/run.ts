/* eslint-disable no-console -- a benchmark prints its results */
import { writeResults, markdown } from './suite/report';
import { runSuite } from './suite/runner';
import { type ScenarioFactory } from './suite/scenario';
import { ceilingScenario } from './suite/scenarios/ceiling';
import { createTaskScenario } from './suite/scenarios/create-task';
import { eventBackboneScenarios } from './suite/scenarios/event-backbone';
import { eventLatencyScenario } from './suite/scenarios/event-latency';
import {
  taskDetailGatewayScenario,
  taskListDirectScenario,
  taskListGatewayScenario,
  taskListTwoInstancesScenario,
  taskListUncachedDirectScenario,
} from './suite/scenarios/task-reads';
import { suiteConfig } from './suite/suite-config';

/** The rows of `npm run bench`, in this order (docs/performance.md). A new row: its factory here. */
const SCENARIOS: readonly ScenarioFactory[] = [
  ceilingScenario,
  taskListDirectScenario,
  taskListUncachedDirectScenario,
  taskListGatewayScenario,
  taskDetailGatewayScenario,
  createTaskScenario,
  eventLatencyScenario,
  eventBackboneScenarios,
  taskListTwoInstancesScenario,
];

/**
 * `npm run bench`: issue 16's benchmark suite. Starts TaskHub from dist/ on this run's own databases, vhost and
 * Redis prefix, seeds the task database, runs every scenario in alternating rounds and writes
 * bench/results/bench-<date>.{json,md,svg}. Settings from the environment: docs/performance.md. Absolute figures on
 * a shared 2-core machine are noise: read the ratios, measured side by side in the same run.
 */
async function main(): Promise<void> {
  const config = suiteConfig();
  const result = await runSuite(SCENARIOS, config, (line) => console.log(line));
  console.log(`\n${markdown(result)}`);
  for (const file of writeResults(config.outDir, result)) console.log(`written: ${file}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
