import { aclFileLine, aclSetUserArguments, escapeRedisGlob, gatewayRedisAclRules, serviceRedisAclRules } from './redis-access';

describe(serviceRedisAclRules.name, () => {
  const prefixes = { keyPrefix: 'taskhub:task:', sharedKeyPrefix: 'taskhub:shared:' };

  it('should give a service its own keys and channels, the shared keys read-only and its own rate-limit counters', () => {
    expect(serviceRedisAclRules('task', prefixes)).toEqual([
      'resetkeys',
      '~taskhub:task:*',
      '%R~taskhub:shared:*',
      '~taskhub:shared:ratelimit:task:*',
      'resetchannels',
      '&taskhub:task:*',
      '+@all',
      '-@dangerous',
      '+info',
    ]);
  });

  it('should let auth alone write the shared keys (the session revocations)', () => {
    const rules = serviceRedisAclRules('auth', { keyPrefix: 'taskhub:auth:', sharedKeyPrefix: 'taskhub:shared:' });
    expect(rules.filter((r) => r.includes('shared'))).toEqual(['~taskhub:shared:*']);
    for (const service of ['user', 'task', 'notification'] as const) {
      expect(serviceRedisAclRules(service, prefixes)).not.toContain('~taskhub:shared:*');
    }
  });

  it('should match a prefix literally, glob characters escaped', () => {
    expect(escapeRedisGlob('a*b?[c]\\')).toBe('a\\*b\\?\\[c\\]\\\\');
    expect(serviceRedisAclRules('user', { keyPrefix: 'x[1]:', sharedKeyPrefix: 's*:' })[1]).toBe('~x\\[1\\]:*');
  });
});

describe(gatewayRedisAclRules.name, () => {
  it("should give the gateway Kong's rate-limiting counters and nothing else", () => {
    expect(gatewayRedisAclRules('')).toEqual(['resetkeys', '~ratelimit:*', 'resetchannels', '+@all', '-@dangerous', '+info']);
  });
});

describe(aclFileLine.name, () => {
  const user = { name: 'taskhub_task', password: 'pw', rules: ['~k:*'] };

  it('should write the password as its SHA-256, never in clear', () => {
    expect(aclFileLine(user)).toBe('user taskhub_task on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~k:*');
  });

  it('should reset the user before the rules, so provisioning is idempotent', () => {
    expect(aclSetUserArguments(user)).toEqual(['taskhub_task', 'reset', 'on', '>pw', '~k:*']);
  });
});
