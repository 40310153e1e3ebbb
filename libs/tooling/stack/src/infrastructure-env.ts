import { DEFAULT_INFRASTRUCTURE, type InfrastructureUrls } from './infrastructure';

/**
 * The servers the test suites use: TASKHUB_TEST_ADMIN_DATABASE_URL / TASKHUB_TEST_REDIS_URL / TASKHUB_TEST_RABBITMQ_BASE_URL
 * when set (another machine, CI service containers), else this machine's defaults.
 */
export function testInfrastructureFromEnv(env: NodeJS.ProcessEnv = process.env): InfrastructureUrls {
  return {
    postgresAdminUrl: env.TASKHUB_TEST_ADMIN_DATABASE_URL || DEFAULT_INFRASTRUCTURE.postgresAdminUrl,
    redisUrl: env.TASKHUB_TEST_REDIS_URL || DEFAULT_INFRASTRUCTURE.redisUrl,
    rabbitmqUrl: env.TASKHUB_TEST_RABBITMQ_BASE_URL || DEFAULT_INFRASTRUCTURE.rabbitmqUrl,
  };
}

export const TEST_INFRASTRUCTURE_VARIABLES = {
  postgresAdminUrl: 'TASKHUB_TEST_ADMIN_DATABASE_URL',
  redisUrl: 'TASKHUB_TEST_REDIS_URL',
  rabbitmqUrl: 'TASKHUB_TEST_RABBITMQ_BASE_URL',
} as const;
