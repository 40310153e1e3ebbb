/* eslint-disable no-console -- a benchmark prints its results */
import { runGatewayBench } from './gateway.bench';
import { runTaskReadsBench } from './task-reads.bench';

/**
 * `npm run bench`: every benchmark of the workspace, one after the other, each printing its table and writing its JSON
 * to bench/results/. Numbers on a shared 2-core machine are noise in absolute terms: read the ratios, which compare
 * variants measured side by side in alternating rounds of the same run.
 */
async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const durationSeconds = Number(process.env.BENCH_DURATION_SECONDS ?? 5);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  await runGatewayBench({ rounds, durationSeconds, connections });
  await runTaskReadsBench({ rounds, durationSeconds });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
