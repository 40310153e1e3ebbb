import { aclFileLine, type RedisUserSpec } from '@taskhub/platform-redis';

/** The administrator of an ACL file: every key, channel and command; for operators and the health check only. */
export const REDIS_ADMIN_USER = 'taskhub_admin';

/**
 * A Redis ACL file (`aclfile`): the default user off (a connection that names no user can do nothing), the
 * administrator, then the given users; passwords as SHA-256 only.
 */
export function renderAclFile(adminPassword: string, users: readonly RedisUserSpec[]): string {
  if (adminPassword.length === 0) throw new Error('the Redis administrator needs a password');
  const admin = { name: REDIS_ADMIN_USER, password: adminPassword, rules: ['~*', '&*', '+@all'] };
  return `${['user default off resetkeys resetchannels -@all', aclFileLine(admin), ...users.map(aclFileLine)].join('\n')}\n`;
}
