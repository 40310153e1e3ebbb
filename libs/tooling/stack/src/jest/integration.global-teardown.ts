import { testInfrastructureFromEnv } from '../infrastructure-env';
import { destroyTestRun } from '../test-run';

/** Drops everything the run made, whether the tests passed or not. */
export default async function integrationGlobalTeardown(): Promise<void> {
  const runId = process.env.TASKHUB_TEST_RUN_ID;
  if (!runId) return;
  await destroyTestRun(runId, testInfrastructureFromEnv());
}
