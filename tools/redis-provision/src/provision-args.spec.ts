import { parseRedisProvisionArgs } from './provision-args';

describe(parseRedisProvisionArgs.name, () => {
  const passwords = {
    TASKHUB_AUTH_REDIS_PASSWORD: 'a',
    TASKHUB_USER_REDIS_PASSWORD: 'u',
    TASKHUB_TASK_REDIS_PASSWORD: 't',
    TASKHUB_NOTIFICATION_REDIS_PASSWORD: 'n',
    TASKHUB_GATEWAY_REDIS_PASSWORD: 'g',
  };

  it('should provision a server through an administrator URL with every password from the environment', () => {
    expect(parseRedisProvisionArgs(['--url', 'redis://admin:x@redis:6379'], passwords)).toEqual({
      kind: 'server',
      url: 'redis://admin:x@redis:6379',
      passwords: { auth: 'a', user: 'u', task: 't', notification: 'n', gateway: 'g' },
    });
  });

  it('should need the administrator password for an ACL file, naming it', () => {
    expect(parseRedisProvisionArgs(['--acl-file', '/acl/users.acl'], passwords)).toEqual({ kind: 'usage', error: 'TASKHUB_REDIS_ADMIN_PASSWORD not set' });
    expect(parseRedisProvisionArgs(['--acl-file', '/acl/users.acl'], { ...passwords, TASKHUB_REDIS_ADMIN_PASSWORD: 'r' })).toMatchObject({
      kind: 'acl-file',
      path: '/acl/users.acl',
      adminPassword: 'r',
    });
  });

  it('should name every missing password and refuse other arguments', () => {
    expect(parseRedisProvisionArgs(['--url', 'redis://r'], { TASKHUB_AUTH_REDIS_PASSWORD: 'a' })).toEqual({
      kind: 'usage',
      error: 'TASKHUB_USER_REDIS_PASSWORD, TASKHUB_TASK_REDIS_PASSWORD, TASKHUB_NOTIFICATION_REDIS_PASSWORD, TASKHUB_GATEWAY_REDIS_PASSWORD not set',
    });
    expect(parseRedisProvisionArgs(['--print'], passwords).kind).toBe('usage');
  });
});
