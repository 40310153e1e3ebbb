import { randomBytes } from 'node:crypto';
import { gatewayRedisAclRules } from '@taskhub/platform-redis';
import { integrationEnv } from '@taskhub/platform-testing';
import { deleteRedisUsers, provisionRedisUsers } from '@taskhub/tooling-stack';
import { RateLimitingPlugin } from '../src/plugins/rate-limiting.plugin';
import { redisAddress, startGateway, writeTempConfig, type StartedGateway } from './support/gateway-harness';
import { StubUpstream } from './support/stub-upstream';
import { testConfig } from './support/test-config';

/** rate-limiting as kong/kong.yml has it: the Redis user and password read from the environment (Kong's env vault). */
function rateLimitAsUser(minute: number): object {
  const redis = {
    host: 'redis',
    port: 6379,
    timeout: 300,
    username: '{vault://env/taskhub-gateway-redis-user}',
    password: '{vault://env/taskhub-gateway-redis-password}',
  };
  return { name: 'rate-limiting', config: { minute, limit_by: 'ip', policy: 'redis', fault_tolerant: false, redis } };
}

describe(`${RateLimitingPlugin.name} as the gateway's own Redis user`, () => {
  const env = integrationEnv();
  const id = randomBytes(4).toString('hex');
  const user = { name: `${env.redisKeyPrefix.replace(/:$/, '')}_gateway_${id}`, password: randomBytes(16).toString('hex') };
  const prefix = `${env.redisKeyPrefix}gateway-user-${id}:`;
  let upstream: StubUpstream;
  let gw: StartedGateway | undefined;

  beforeAll(async () => {
    upstream = await StubUpstream.start('task-a');
    await provisionRedisUsers(env.redisUrl, [{ ...user, rules: gatewayRedisAclRules(prefix) }]);
  });

  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });

  afterAll(async () => {
    await deleteRedisUsers(env.redisUrl, [user.name]);
    await upstream.close();
  });

  const start = (vars: Record<string, string>): Promise<StartedGateway> =>
    startGateway(writeTempConfig(testConfig({ plugins: [rateLimitAsUser(3)] })), {
      GATEWAY_CONNECT_TO: `task-service:3003=127.0.0.1:${upstream.port},redis:6379=${redisAddress(env.redisUrl)}`,
      GATEWAY_REDIS_KEY_PREFIX: prefix,
      ...vars,
    });

  it('should count and refuse with the ACL rules of gatewayRedisAclRules alone (fault_tolerant off: a refused command would be a 500)', async () => {
    gw = await start({ TASKHUB_GATEWAY_REDIS_USER: user.name, TASKHUB_GATEWAY_REDIS_PASSWORD: user.password });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${gw.url}/api/v1/tasks`)).status);
    // a fourth request in the same minute is refused; one that straddles a minute boundary starts a new window
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect([429, 200]).toContain(statuses[3]);
  });

  it('should answer 500 (fault_tolerant off) when the password is wrong: the user is really checked', async () => {
    gw = await start({ TASKHUB_GATEWAY_REDIS_USER: user.name, TASKHUB_GATEWAY_REDIS_PASSWORD: 'not-the-password' });
    expect((await fetch(`${gw.url}/api/v1/tasks`)).status).toBe(500);
  });

  it('should refuse to start when a referenced variable is unset, naming it', async () => {
    await expect(start({ TASKHUB_GATEWAY_REDIS_USER: user.name })).rejects.toThrow(
      'references {vault://env/taskhub-gateway-redis-password}, but the environment variable TASKHUB_GATEWAY_REDIS_PASSWORD is not set',
    );
  });
});
