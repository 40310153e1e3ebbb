import { integrationEnv, serviceTestEnv } from './integration-env';

function completeEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const db = (svc: string): string => `postgres://taskhub_test_0a1b2c3d_${svc}@127.0.0.1:5432/taskhub_test_0a1b2c3d_${svc}`;
  return {
    TASKHUB_TEST_RUN_ID: '0a1b2c3d',
    TASKHUB_TEST_ADMIN_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
    TASKHUB_TEST_DATABASE_URL_AUTH: db('auth'),
    TASKHUB_TEST_DATABASE_URL_USER: db('user'),
    TASKHUB_TEST_DATABASE_URL_TASK: db('task'),
    TASKHUB_TEST_DATABASE_URL_NOTIFICATION: db('notification'),
    TASKHUB_TEST_REDIS_URL: 'redis://127.0.0.1:6379',
    TASKHUB_TEST_REDIS_KEY_PREFIX: 'taskhub_test_0a1b2c3d:',
    TASKHUB_TEST_RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672/taskhub_test_0a1b2c3d',
    TASKHUB_TEST_JWT_KEYS_DIR: '/tmp/taskhub_test_0a1b2c3d_jwt-keys',
    ...overrides,
  };
}

describe(integrationEnv.name, () => {
  it('should return the per-run resources exported by the global setup', () => {
    const env = integrationEnv(completeEnv());

    expect(env.runId).toBe('0a1b2c3d');
    expect(env.databaseUrls.task).toContain('/taskhub_test_0a1b2c3d_task');
    expect(env.redisKeyPrefix).toBe('taskhub_test_0a1b2c3d:');
    expect(env.rabbitmqUrl).toMatch(/\/taskhub_test_0a1b2c3d$/);
  });

  it('should tell how to run the tests when the environment is missing', () => {
    expect(() => integrationEnv({})).toThrow(/npm run test:int/);
  });

  it('should refuse a database that is not a test database', () => {
    const env = completeEnv({ TASKHUB_TEST_DATABASE_URL_TASK: 'postgres://taskhub_task@127.0.0.1:5432/taskhub_task' });

    expect(() => integrationEnv(env)).toThrow(/refusing to touch database or role "taskhub_task"/);
  });

  it('should refuse a vhost that is not a test vhost', () => {
    const env = completeEnv({ TASKHUB_TEST_RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672/' });

    expect(() => integrationEnv(env)).toThrow(/not a test vhost/);
  });

  it('should give a service its database, run-scoped Redis prefixes and the run\'s keys, overrides last', () => {
    const env = serviceTestEnv(integrationEnv(completeEnv()), 'auth', { LOG_LEVEL: 'debug' });

    expect(env).toMatchObject({
      DATABASE_URL: expect.stringContaining('/taskhub_test_0a1b2c3d_auth') as unknown,
      REDIS_KEY_PREFIX: 'taskhub_test_0a1b2c3d:auth:',
      REDIS_SHARED_KEY_PREFIX: 'taskhub_test_0a1b2c3d:shared:',
      JWT_PUBLIC_KEYS_DIR: '/tmp/taskhub_test_0a1b2c3d_jwt-keys',
      AUTH_GENERATE_SIGNING_KEY: 'false',
      LOG_LEVEL: 'debug',
    });
  });
});
