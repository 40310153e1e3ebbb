import { IsString } from 'class-validator';
import { BaseServiceConfig, DEVELOPMENT_CURSOR_SIGNING_SECRET, EnvVar, type ServiceName } from './index';
import { ConfigValidationError, describeConfig, loadServiceConfig, type LoadServiceConfigOptions } from './load-service-config';

class TaskConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'task';
}

/** A service with a secret of its own whose development default is in the source (like the webhook key). */
class KeyedConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'notification';
  static readonly defaults = { PAYLOAD_KEY: 'development-only-payload-key-never-for-production' };

  @EnvVar('PAYLOAD_KEY', { sensitive: true })
  @IsString()
  readonly payloadKey!: string;
}

/** Credentials of its own for every secret of TaskConfig: what a real production deployment sets. */
const PRODUCTION: NodeJS.ProcessEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://taskhub_task:Zq8v1rN4sYx0@db.internal:5432/taskhub_task',
  RABBITMQ_URL: 'amqp://task-service:Kp2m9Lw7cQe3@mq.internal:5672/',
  REDIS_URL: 'redis://taskhub_task:Hw3x7Rt1pLq9@redis.internal:6379',
  CURSOR_SIGNING_SECRET: 'a-production-cursor-secret-Vb5n8Hj2Tf6r',
};

function problemsFor(env: NodeJS.ProcessEnv, configClass: typeof TaskConfig = TaskConfig, options?: LoadServiceConfigOptions): readonly string[] {
  try {
    loadServiceConfig(configClass, env, options);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe(loadServiceConfig.name, () => {
  describe('read replica', () => {
    it('should read no replica by default, and READ_DATABASE_URL when set', () => {
      expect(loadServiceConfig(TaskConfig, {}).readDatabaseUrl).toBeUndefined();
      const url = 'postgres://taskhub_task:pw@127.0.0.1:5433/taskhub_task';
      expect(loadServiceConfig(TaskConfig, { READ_DATABASE_URL: url }).readDatabaseUrl).toBe(url);
    });

    it('should refuse a read-your-writes window not longer than the lag limit plus a poll, naming it', () => {
      expect(problemsFor({ REPLICA_MAX_LAG_MS: '5000', REPLICA_LAG_POLL_MS: '100', READ_YOUR_WRITES_WINDOW_MS: '5100' })).toEqual([
        'READ_YOUR_WRITES_WINDOW_MS must be longer than REPLICA_MAX_LAG_MS + REPLICA_LAG_POLL_MS (got "5100")',
      ]);
    });
  });

  it('should apply development defaults from the service catalog when nothing is set', () => {
    const config = loadServiceConfig(TaskConfig, {});

    expect(config).toBeInstanceOf(TaskConfig);
    expect(config.service).toBe('task');
    expect(config.port).toBe(3003);
    expect(config.databaseUrl).toBe('postgres://taskhub_task:taskhub_dev_password@127.0.0.1:5432/taskhub_task');
    expect(config.redisKeyPrefix).toBe('taskhub:task:');
    expect(config.databasePoolMax).toBe(10);
    expect(config.shutdownTimeoutMs).toBe(10_000);
  });

  it('should convert numeric variables and treat empty ones as unset', () => {
    const config = loadServiceConfig(TaskConfig, { PORT: '13103', DATABASE_POOL_MAX: '4', LOG_LEVEL: '' });

    expect(config.port).toBe(13103);
    expect(config.databasePoolMax).toBe(4);
    expect(config.logLevel).toBe('info');
  });

  it('should name the variable, the rule and the bad value when a number is malformed', () => {
    expect(problemsFor({ DATABASE_POOL_MAX: 'ten' })).toEqual([expect.stringMatching(/^DATABASE_POOL_MAX must be an integer.*\(got "ten"\)$/)]);
  });

  it('should report every offending variable at once', () => {
    const problems = problemsFor({ PORT: '70000', LOG_LEVEL: 'loud' });

    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/PORT must not be greater than 65535/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of the following values/);
  });

  it('should reject a URL with the wrong scheme without echoing a secret', () => {
    const [problem] = problemsFor({ DATABASE_URL: 'mysql://root:s3cret@db/app' });

    expect(problem).toBe('DATABASE_URL must be a postgres:// or postgresql:// URL');
    expect(problem).not.toContain('s3cret');
  });

  it('should refuse a cursor signing secret shorter than 32 characters without echoing it', () => {
    expect(problemsFor({ CURSOR_SIGNING_SECRET: 'short-secret' })).toEqual(['CURSOR_SIGNING_SECRET must be longer than or equal to 32 characters']);
  });

  it('should read TRUSTED_PROXIES as addresses, ranges and range names, and refuse anything else by name', () => {
    expect(loadServiceConfig(TaskConfig, { TRUSTED_PROXIES: '172.30.0.250, 10.0.0.0/8, loopback' }).trustedProxies).toBe('172.30.0.250, 10.0.0.0/8, loopback');
    expect(problemsFor({ TRUSTED_PROXIES: 'kong' })).toEqual([
      'TRUSTED_PROXIES must list IP addresses, CIDR ranges, loopback, linklocal or uniquelocal, separated by commas (got "kong")',
    ]);
  });

  it('should mention the service in the error message', () => {
    expect(() => loadServiceConfig(TaskConfig, { PORT: 'x' })).toThrow(/invalid configuration for task-service:\n {2}- PORT/);
  });
});

describe(`${loadServiceConfig.name} with NODE_ENV=production`, () => {
  const REFUSED = 'refused with NODE_ENV=production';

  it('should accept credentials of its own', () => {
    expect(loadServiceConfig(TaskConfig, PRODUCTION).nodeEnv).toBe('production');
  });

  it('should refuse every development default a secret falls back to, naming each variable', () => {
    expect(problemsFor({ NODE_ENV: 'production' })).toEqual([
      `DATABASE_URL is not set: its development default has a development password published in this repository, ${REFUSED}: give it a password of its own`,
      `REDIS_URL is not set: its development default names no user, so it connects as Redis's default user, which may touch every key, ${REFUSED}: give the service a Redis user of its own`,
      `RABBITMQ_URL is not set: its development default connects as RabbitMQ's guest user, ${REFUSED}: give the service a broker user of its own`,
      `CURSOR_SIGNING_SECRET is not set: its development default is a development secret published in this repository, ${REFUSED}: set a random secret of its own`,
    ]);
  });

  it.each([
    ['the development database password', 'DATABASE_URL', 'postgres://taskhub_task:taskhub_dev_password@db.internal:5432/taskhub_task'],
    ["compose's former superuser password", 'DATABASE_URL', 'postgres://postgres:postgres_dev_password@db.internal:5432/taskhub_task'],
    ['a percent-encoded development password', 'DATABASE_URL', 'postgresql://taskhub_task:taskhub%5Fdev%5Fpassword@db.internal/taskhub_task'],
    ['the password guest', 'RABBITMQ_URL', 'amqp://task-service:guest@mq.internal:5672/'],
    ['a development password in the Redis URL', 'REDIS_URL', 'redis://taskhub_task:taskhub_dev_password@redis.internal:6379'],
    ["the development password in the read replica's URL", 'READ_DATABASE_URL', 'postgres://taskhub_task:taskhub_dev_password@replica.internal:5432/taskhub_task'],
  ])('should refuse a URL with %s, naming the variable', (_case, name, value) => {
    const problems = problemsFor({ ...PRODUCTION, [name]: value });

    expect(problems).toEqual([`${name} has a development password published in this repository, ${REFUSED}: give it a password of its own`]);
  });

  it.each([
    ["RabbitMQ's guest user", 'amqp://guest:guest@mq.internal:5672/', "connects as RabbitMQ's guest user"],
    ['guest with a password of its own', 'amqps://guest:Kp2m9Lw7cQe3@mq.internal:5671/', "connects as RabbitMQ's guest user"],
    ['no user at all (amqplib then logs in as guest)', 'amqp://mq.internal:5672/', "names no user, so it connects as RabbitMQ's guest"],
  ])('should refuse a broker URL with %s', (_case, value, what) => {
    expect(problemsFor({ ...PRODUCTION, RABBITMQ_URL: value })).toEqual([`RABBITMQ_URL ${what}, ${REFUSED}: give the service a broker user of its own`]);
  });

  it.each([
    ['the development cursor secret', DEVELOPMENT_CURSOR_SIGNING_SECRET],
    ["a cursor secret docker-compose.yml used to carry", 'taskhub-compose-dev-cursor-secret-task'],
  ])('should refuse %s', (_case, value) => {
    expect(problemsFor({ ...PRODUCTION, CURSOR_SIGNING_SECRET: value })).toEqual([
      `CURSOR_SIGNING_SECRET is a development secret published in this repository, ${REFUSED}: set a random secret of its own`,
    ]);
  });

  it("should refuse a service's own secret at its development default, set or not, and any development secret in it", () => {
    const secret = `is a development secret published in this repository, ${REFUSED}: set a random secret of its own`;

    expect(problemsFor(PRODUCTION, KeyedConfig)).toEqual([`PAYLOAD_KEY is not set: its development default ${secret}`]);
    expect(problemsFor({ ...PRODUCTION, PAYLOAD_KEY: KeyedConfig.defaults.PAYLOAD_KEY }, KeyedConfig)).toEqual([`PAYLOAD_KEY ${secret}`]);
    expect(problemsFor({ ...PRODUCTION, PAYLOAD_KEY: DEVELOPMENT_CURSOR_SIGNING_SECRET }, KeyedConfig)).toEqual([`PAYLOAD_KEY ${secret}`]);
    expect(problemsFor({ ...PRODUCTION, CURSOR_SIGNING_SECRET: KeyedConfig.defaults.PAYLOAD_KEY }, KeyedConfig)).toEqual([
      `PAYLOAD_KEY is not set: its development default ${secret}`,
      `CURSOR_SIGNING_SECRET ${secret}`,
    ]);
  });

  it.each([
    ['no user (AUTH with a password alone is the default user too)', 'redis://:Hw3x7Rt1pLq9@redis.internal:6379', "names no user, so it connects as Redis's default user"],
    ['no credentials at all', 'rediss://redis.internal:6380', "names no user, so it connects as Redis's default user"],
    ["Redis's default user", 'redis://default:Hw3x7Rt1pLq9@redis.internal:6379', "connects as Redis's default user"],
  ])('should refuse a Redis URL with %s: the revocation keys would be writable', (_case, value, what) => {
    expect(problemsFor({ ...PRODUCTION, REDIS_URL: value })).toEqual([`REDIS_URL ${what}, which may touch every key, ${REFUSED}: give the service a Redis user of its own`]);
  });

  it('should report the development credentials together with the other problems, never echoing a secret', () => {
    const problems = problemsFor({ ...PRODUCTION, PORT: 'x', DATABASE_URL: 'postgres://taskhub_task:taskhub_dev_password@db.internal/taskhub_task' });

    expect(problems).toEqual([expect.stringMatching(/^PORT must be an integer/), expect.stringMatching(/^DATABASE_URL has a development password/)]);
    expect(problems.join('\n')).not.toContain('taskhub_dev_password');
  });

  it('should check only the secrets a one-shot says it uses (a migration: DATABASE_URL)', () => {
    const migration = { credentialsUsed: ['DATABASE_URL'] };

    expect(loadServiceConfig(TaskConfig, { NODE_ENV: 'production', DATABASE_URL: PRODUCTION.DATABASE_URL }, migration).nodeEnv).toBe('production');
    expect(problemsFor({ NODE_ENV: 'production' }, TaskConfig, migration)).toEqual([expect.stringMatching(/^DATABASE_URL is not set: /)]);
  });

  it.each(['development', 'test'])('should accept every development credential with NODE_ENV=%s', (nodeEnv) => {
    const development = {
      NODE_ENV: nodeEnv,
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672/',
      CURSOR_SIGNING_SECRET: 'taskhub-compose-dev-cursor-secret-task',
    };

    expect(loadServiceConfig(TaskConfig, development).nodeEnv).toBe(nodeEnv);
    expect(loadServiceConfig(KeyedConfig, { NODE_ENV: nodeEnv }).payloadKey).toBe(KeyedConfig.defaults.PAYLOAD_KEY);
  });
});

describe(describeConfig.name, () => {
  it('should list variables by name with passwords masked', () => {
    const described = describeConfig(loadServiceConfig(TaskConfig, { RABBITMQ_URL: 'amqp://app:hunter2@mq:5672/' }));

    expect(described.PORT).toBe(3003);
    expect(described.RABBITMQ_URL).toBe('amqp://app:***@mq:5672/');
    expect(described.CURSOR_SIGNING_SECRET).toBe('***');
    expect(JSON.stringify(described)).not.toContain('taskhub_dev_password');
    expect(JSON.stringify(described)).not.toContain('hunter2');
  });
});
