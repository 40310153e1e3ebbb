import { brokerVhost, devStackConfig, gatewayConnectTo, serviceDatabaseUrl, serviceInstances, serviceRabbitmqUrl, serviceRedisUrl } from './dev-stack-config';

describe(devStackConfig.name, () => {
  it('should default to the servers of this machine', () => {
    const config = devStackConfig({});

    expect(config.infrastructure).toEqual({
      postgresAdminUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
      redisUrl: 'redis://127.0.0.1:6379',
      rabbitmqUrl: 'amqp://guest:guest@127.0.0.1:5672/',
    });
  });

  it('should run the gateway on kong/kong.yml unless TASKHUB_KONG_CONFIG names another file', () => {
    expect(devStackConfig({}).kongConfig).toBe(`${devStackConfig({}).root}/kong/kong.yml`);
    expect(devStackConfig({ TASKHUB_KONG_CONFIG: '/tmp/bench-kong/kong.yml' }).kongConfig).toBe('/tmp/bench-kong/kong.yml');
  });

  it("should give each service its own role and database on the admin URL's server", () => {
    const config = devStackConfig({ DEV_ADMIN_DATABASE_URL: 'postgres://admin:secret@db.local:6543/postgres' });

    expect(serviceDatabaseUrl(config, config.services.find((s) => s.name === 'task')!)).toBe(
      'postgres://taskhub_task:taskhub_dev_password@db.local:6543/taskhub_task',
    );
  });

  it('should connect each service to the broker as its own user, on the vhost of RABBITMQ_URL', () => {
    const config = devStackConfig({ RABBITMQ_URL: 'amqp://admin:secret@mq.local:5673/dev%2Fhost' });
    const task = config.services.find((s) => s.name === 'task')!;

    expect(serviceRabbitmqUrl(config, task)).toBe('amqp://taskhub_task:taskhub_dev_password@mq.local:5673/dev%2Fhost');
    expect(brokerVhost(config)).toBe('dev/host');
    expect(brokerVhost(devStackConfig({}))).toBe('/');
  });

  it('should connect each service to Redis as its own user, at the address and database of REDIS_URL', () => {
    const config = devStackConfig({ REDIS_URL: 'redis://10.0.0.5:6380/2' });
    const task = config.services.find((s) => s.name === 'task')!;

    expect(serviceRedisUrl(config, task)).toBe('redis://taskhub_task:taskhub_dev_password@10.0.0.5:6380/2');
  });

  it("should map kong.yml's DNS names to the local services and the configured Redis", () => {
    const config = devStackConfig({ REDIS_URL: 'redis://10.0.0.5:6380' });

    expect(gatewayConnectTo(config).split(',')).toEqual([
      'auth-service:3001=127.0.0.1:3001',
      'user-service:3002=127.0.0.1:3002',
      'task-service:3003=127.0.0.1:3003',
      'notification-service:3004=127.0.0.1:3004',
      'redis:6379=10.0.0.5:6380',
    ]);
  });

  it('should run one instance of each service unless <SERVICE>_REPLICAS asks for more', () => {
    const config = devStackConfig({ TASK_REPLICAS: '2', NOTIFICATION_REPLICAS: '3' });

    expect(config.replicas).toEqual({ auth: 1, user: 1, task: 2, notification: 3 });
    const task = config.services.find((s) => s.name === 'task')!;
    expect(serviceInstances(config, task)).toEqual([
      { index: 1, name: 'task-service#1', port: 3003 },
      { index: 2, name: 'task-service#2', port: 3103 },
    ]);
  });

  it('should refuse a replica count outside 1 to 8, naming the variable', () => {
    expect(() => devStackConfig({ USER_REPLICAS: '9' })).toThrow('USER_REPLICAS="9" is not a replica count: expected a whole number from 1 to 8');
  });

  it("should map a service's DNS name to the addresses of all its instances", () => {
    const config = devStackConfig({ TASK_REPLICAS: '2', NOTIFICATION_REPLICAS: '2' });

    expect(gatewayConnectTo(config).split(',')).toEqual([
      'auth-service:3001=127.0.0.1:3001',
      'user-service:3002=127.0.0.1:3002',
      'task-service:3003=127.0.0.1:3003|127.0.0.1:3103',
      'notification-service:3004=127.0.0.1:3004|127.0.0.1:3104',
      'redis:6379=127.0.0.1:6379',
    ]);
  });
});
