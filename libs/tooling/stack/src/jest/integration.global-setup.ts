import { createRunId } from '@taskhub/platform-testing';
import { ensureInfrastructure } from '../infrastructure';
import { TEST_INFRASTRUCTURE_VARIABLES, testInfrastructureFromEnv } from '../infrastructure-env';
import { destroyTestRun, provisionTestRun, sweepAbandonedTestRuns } from '../test-run';

/** The setup's progress lines, as the e2e setup writes them: Jest's global setup has no logger. */
function log(line: string): void {
  process.stdout.write(`[integration setup] ${line}\n`);
}

/**
 * Integration suite: one run id, four per-run databases and roles, one vhost, one Redis prefix, exported as the
 * TASKHUB_TEST_* variables that `integrationEnv()` reads (workers inherit process.env set here).
 */
export default async function integrationGlobalSetup(): Promise<void> {
  const infrastructure = testInfrastructureFromEnv();
  await ensureInfrastructure(infrastructure, { log, urlVariables: TEST_INFRASTRUCTURE_VARIABLES });
  const swept = await sweepAbandonedTestRuns(infrastructure).catch(() => []);
  if (swept.length > 0) log(`removed leftovers of abandoned runs ${swept.join(', ')}`);
  const runId = createRunId();
  process.env.TASKHUB_TEST_RUN_ID = runId;
  try {
    const run = await provisionTestRun(runId, infrastructure);
    Object.assign(process.env, {
      TASKHUB_TEST_ADMIN_DATABASE_URL: infrastructure.postgresAdminUrl,
      TASKHUB_TEST_DATABASE_URL_AUTH: run.databaseUrls.auth,
      TASKHUB_TEST_DATABASE_URL_USER: run.databaseUrls.user,
      TASKHUB_TEST_DATABASE_URL_TASK: run.databaseUrls.task,
      TASKHUB_TEST_DATABASE_URL_NOTIFICATION: run.databaseUrls.notification,
      TASKHUB_TEST_REDIS_URL: infrastructure.redisUrl,
      TASKHUB_TEST_REDIS_KEY_PREFIX: run.redisKeyPrefix,
      TASKHUB_TEST_RABBITMQ_BASE_URL: infrastructure.rabbitmqUrl,
      TASKHUB_TEST_RABBITMQ_URL: run.rabbitmqUrl,
      TASKHUB_TEST_JWT_KEYS_DIR: run.jwtKeysDir,
    });
  } catch (error) {
    await destroyTestRun(runId, infrastructure).catch(() => undefined);
    throw error;
  }
}
