import { BaseServiceConfig, type ServiceName } from './index';
import { ConfigValidationError, describeConfig, loadServiceConfig } from './load-service-config';

class TaskConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'task';
}

function problemsFor(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadServiceConfig(TaskConfig, env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe(loadServiceConfig.name, () => {
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
