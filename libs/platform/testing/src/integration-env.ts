import { type ServiceName } from '@taskhub/platform-config';
import { assertRunId, assertTestDatabaseName } from './test-names';

export interface IntegrationEnv {
  readonly runId: string;
  /** superuser connection to the maintenance database, for tests that create scratch databases */
  readonly adminDatabaseUrl: string;
  /** the per-run database of each service, connecting as its per-run role (which owns it); migrations not applied */
  readonly databaseUrls: Readonly<Record<ServiceName, string>>;
  readonly redisUrl: string;
  /** every Redis key a test writes must start with this; the teardown deletes them */
  readonly redisKeyPrefix: string;
  /** amqp URL of the run's own vhost */
  readonly rabbitmqUrl: string;
  /** the run's signing key pair(s): `<kid>.private.pem` and `<kid>.public.pem` */
  readonly jwtKeysDir: string;
}

const SERVICES: readonly ServiceName[] = ['auth', 'user', 'task', 'notification'];

/**
 * The environment the integration global setup (libs/tooling/stack/src/jest) exported for this run.
 * Throws when a test is run without it, and refuses any database that is not a test database.
 */
export function integrationEnv(env: NodeJS.ProcessEnv = process.env): IntegrationEnv {
  const read = (name: string): string => {
    const value = env[name];
    if (!value) {
      throw new Error(
        `${name} is not set: integration tests need the per-run databases, vhost and Redis prefix made by their global ` +
          'setup; run them through `npm run test:int` (or `npx jest --selectProjects integration <path>`)',
      );
    }
    return value;
  };
  const databaseUrls = {} as Record<ServiceName, string>;
  for (const service of SERVICES) {
    const url = read(`TASKHUB_TEST_DATABASE_URL_${service.toUpperCase()}`);
    assertTestDatabaseName(databaseNameOf(url));
    databaseUrls[service] = url;
  }
  const redisKeyPrefix = read('TASKHUB_TEST_REDIS_KEY_PREFIX');
  if (!redisKeyPrefix.includes('_test_')) throw new Error(`refusing Redis key prefix "${redisKeyPrefix}": not a test prefix`);
  const rabbitmqUrl = read('TASKHUB_TEST_RABBITMQ_URL');
  if (!decodeURIComponent(new URL(rabbitmqUrl).pathname).includes('_test_')) {
    throw new Error('refusing TASKHUB_TEST_RABBITMQ_URL: its vhost is not a test vhost');
  }
  return {
    runId: assertRunId(read('TASKHUB_TEST_RUN_ID')),
    adminDatabaseUrl: read('TASKHUB_TEST_ADMIN_DATABASE_URL'),
    databaseUrls,
    redisUrl: read('TASKHUB_TEST_REDIS_URL'),
    redisKeyPrefix,
    rabbitmqUrl,
    jwtKeysDir: read('TASKHUB_TEST_JWT_KEYS_DIR'),
  };
}

/**
 * The environment of one service in this run: its database, its own and the shared Redis prefixes under the run's,
 * the run's vhost and signing keys (the auth service never generates one in tests). In-process services share the
 * in-band Jest process, whose memory grows with every test file: its RSS must not make them shed load (the load
 * shedding tests set their own limits). `overrides` win.
 */
export function serviceTestEnv(env: IntegrationEnv, service: ServiceName, overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: env.databaseUrls[service],
    REDIS_URL: env.redisUrl,
    REDIS_KEY_PREFIX: `${env.redisKeyPrefix}${service}:`,
    REDIS_SHARED_KEY_PREFIX: `${env.redisKeyPrefix}shared:`,
    RABBITMQ_URL: env.rabbitmqUrl,
    JWT_PUBLIC_KEYS_DIR: env.jwtKeysDir,
    AUTH_SIGNING_KEYS_DIR: env.jwtKeysDir,
    AUTH_GENERATE_SIGNING_KEY: 'false',
    LOAD_SHED_MAX_RSS_MB: '65536',
    // the cache's 100 ms budget per Redis call expires on a healthy Redis when `npm test` runs suites side by side on a
    // loaded machine, and a counted hit turns into a read from Postgres; the outage tests cut Redis, which times out
    // either way
    CACHE_REDIS_TIMEOUT_MS: '1000',
    ...overrides,
  };
}

/** The database name in a postgres:// URL. */
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}
