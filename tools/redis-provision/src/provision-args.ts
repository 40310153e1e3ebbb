import { type RedisPrincipal } from '@taskhub/platform-redis';

/** Whose passwords provisioning needs: the four services and the gateway. */
export const REDIS_PRINCIPALS: readonly RedisPrincipal[] = ['auth', 'user', 'task', 'notification', 'gateway'];

export const USAGE = `usage: redis:provision -- --url <redis url of an administrator>
       redis:provision -- --acl-file <path>
  makes the users taskhub_auth, taskhub_user, taskhub_task, taskhub_notification and taskhub_gateway with their key
  patterns (docs/security.md, "Redis users"): with --url on a running server (ACL SETUSER, idempotent); with
  --acl-file as a Redis ACL file (aclfile), passwords as SHA-256 only, with the administrator taskhub_admin and the
  default user off
  environment: each password in TASKHUB_AUTH_REDIS_PASSWORD, TASKHUB_USER_REDIS_PASSWORD, TASKHUB_TASK_REDIS_PASSWORD,
  TASKHUB_NOTIFICATION_REDIS_PASSWORD, TASKHUB_GATEWAY_REDIS_PASSWORD; with --acl-file also TASKHUB_REDIS_ADMIN_PASSWORD`;

export type RedisProvisionCommand =
  | { readonly kind: 'server'; readonly url: string; readonly passwords: Readonly<Record<RedisPrincipal, string>> }
  | { readonly kind: 'acl-file'; readonly path: string; readonly adminPassword: string; readonly passwords: Readonly<Record<RedisPrincipal, string>> }
  | { readonly kind: 'usage'; readonly error: string };

/** The variable that holds a principal's Redis password: TASKHUB_<PRINCIPAL>_REDIS_PASSWORD, as in compose's .env. */
export function redisPasswordVariable(principal: RedisPrincipal): string {
  return `TASKHUB_${principal.toUpperCase()}_REDIS_PASSWORD`;
}

export const ADMIN_PASSWORD_VARIABLE = 'TASKHUB_REDIS_ADMIN_PASSWORD';

/** Reads the command line and the environment; anything missing is a usage error naming it. */
export function parseRedisProvisionArgs(argv: readonly string[], env: NodeJS.ProcessEnv): RedisProvisionCommand {
  const [option, value, ...rest] = argv;
  if (!['--url', '--acl-file'].includes(option ?? '') || value === undefined || rest.length > 0) {
    return { kind: 'usage', error: 'exactly one of --url <url> or --acl-file <path> is required' };
  }
  const needed = [...REDIS_PRINCIPALS.map(redisPasswordVariable), ...(option === '--acl-file' ? [ADMIN_PASSWORD_VARIABLE] : [])];
  const missing = needed.filter((name) => !env[name]);
  if (missing.length > 0) return { kind: 'usage', error: `${missing.join(', ')} not set` };
  const passwords = Object.fromEntries(REDIS_PRINCIPALS.map((p) => [p, env[redisPasswordVariable(p)] ?? ''])) as Record<RedisPrincipal, string>;
  if (option === '--url') return { kind: 'server', url: value, passwords };
  return { kind: 'acl-file', path: value, adminPassword: env[ADMIN_PASSWORD_VARIABLE] ?? '', passwords };
}
