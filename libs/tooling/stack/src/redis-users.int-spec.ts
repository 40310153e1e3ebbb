import { randomBytes, randomUUID } from 'node:crypto';
import { type BaseServiceConfig, type ServiceName } from '@taskhub/platform-config';
import { createRedisClient, closeRedis, type Redis, serviceRedisAclRules } from '@taskhub/platform-redis';
import { integrationEnv, waitFor } from '@taskhub/platform-testing';
import { SessionRevocations, UserRateLimiter } from '@taskhub/platform-auth';
import { deleteRedisUsers, provisionRedisUsers } from './redis-users';

/**
 * The services' Redis ACL users (docs/security.md, "Redis users"): each its own keys and channels, the shared
 * revocation keys readable by all and writable by auth alone. Real users on the test Redis, with production's rules
 * over this spec's prefixes.
 */
describe('Redis users of the services', () => {
  const env = integrationEnv();
  const id = randomBytes(4).toString('hex');
  const root = `${env.redisKeyPrefix}redis-users-${id}:`;
  const prefixes = (service: ServiceName) => ({ keyPrefix: `${root}${service}:`, sharedKeyPrefix: `${root}shared:` });
  const userName = (service: ServiceName) => `${env.redisKeyPrefix.replace(/:$/, '')}_${service}_${id}`;
  const password = randomBytes(16).toString('hex');
  const clients: Redis[] = [];

  /** A client as the service connects: its user, its own or the shared prefix. */
  const connect = async (service: ServiceName, which: 'own' | 'shared' | 'none'): Promise<Redis> => {
    const url = new URL(env.redisUrl);
    url.username = userName(service);
    url.password = password;
    const p = prefixes(service);
    const client = createRedisClient({ url: url.toString(), keyPrefix: { own: p.keyPrefix, shared: p.sharedKeyPrefix, none: '' }[which], connectionName: `${service}-acl-test` });
    clients.push(client);
    await waitFor(() => client.status === 'ready', { description: `${service}'s Redis connection`, timeoutMs: 5_000 });
    return client;
  };
  const refusal = (promise: Promise<unknown>): Promise<string> =>
    promise.then(
      () => 'allowed',
      (error: Error) => error.message.split(' ')[0],
    );

  beforeAll(async () => {
    await provisionRedisUsers(
      env.redisUrl,
      (['auth', 'task'] as const).map((service) => ({ name: userName(service), password, rules: serviceRedisAclRules(service, prefixes(service)) })),
    );
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => closeRedis(c)));
    await deleteRedisUsers(env.redisUrl, [userName('auth'), userName('task')]);
  });

  it('should let auth revoke a session and every other service see it, but not revoke or unrevoke one itself', async () => {
    const authShared = await connect('auth', 'shared');
    const taskShared = await connect('task', 'shared');
    const sid = randomUUID();
    await new SessionRevocations(authShared).revoke([sid]);
    expect(await new SessionRevocations(taskShared).isRevoked(sid, randomUUID())).toBe(true);

    expect(await refusal(taskShared.del(`revoked:sid:${sid}`))).toBe('NOPERM');
    expect(await refusal(taskShared.set(`revoked:sid:${randomUUID()}`, '1'))).toBe('NOPERM');
    expect(await refusal(taskShared.expire(`revoked:sid:${sid}`, 1))).toBe('NOPERM');
    expect(await new SessionRevocations(taskShared).isRevoked(sid, randomUUID())).toBe(true);
  });

  it("should let a service count its own users' requests under the shared prefix, and no other service's", async () => {
    const taskShared = await connect('task', 'shared');
    const config = { userRateLimitPerMinute: 5, service: 'task' } as BaseServiceConfig;
    const state = await new UserRateLimiter(config, taskShared).consume(randomUUID());
    expect(state.remaining).toBe(4);
    expect(await refusal(taskShared.incr(`ratelimit:auth:user:${randomUUID()}:1`))).toBe('NOPERM');
  });

  it("should keep each service to its own keys and channels, and out of the server's dangerous commands", async () => {
    const taskOwn = await connect('task', 'own');
    const authOwn = await connect('auth', 'own');
    await authOwn.set('secret', 'auth-only');
    expect(await taskOwn.set('mine', '1')).toBe('OK');
    const taskUnprefixed = await connect('task', 'none');
    expect(await refusal(taskUnprefixed.get(`${prefixes('auth').keyPrefix}secret`))).toBe('NOPERM');
    // channels are not prefixed by ioredis: the services name them under their key prefix themselves
    const taskChannel = `${prefixes('task').keyPrefix}cache-invalidations`;
    expect(await taskOwn.publish(taskChannel, 'x')).toBe(0);
    expect(await refusal(authOwn.publish(taskChannel, 'x'))).toBe('NOPERM');
    expect(await refusal(taskOwn.flushdb())).toBe('NOPERM');
    expect(await refusal(taskOwn.keys('*'))).toBe('NOPERM');
    expect(await refusal(taskOwn.call('ACL', 'SETUSER', userName('task'), '~*'))).toBe('NOPERM');
  });
});
