import { SERVICE_CATALOG, type ServiceName } from '@taskhub/platform-config';

export const USAGE = `usage: broker:provision -- --url <management url> [--vhost /] [--wait-seconds 60]
  creates or updates the users taskhub_auth, taskhub_user, taskhub_task and taskhub_notification with their
  permissions (docs/event-backbone.md, "Access control"), through RabbitMQ's management HTTP API
  environment: RABBITMQ_ADMIN_USER, RABBITMQ_ADMIN_PASSWORD (an administrator), and each service's password in
  TASKHUB_AUTH_RABBITMQ_PASSWORD, TASKHUB_USER_RABBITMQ_PASSWORD, TASKHUB_TASK_RABBITMQ_PASSWORD, TASKHUB_NOTIFICATION_RABBITMQ_PASSWORD
broker:provision -- --print      the users and their permissions as JSON, no password, nothing changed`;

export interface ProvisionRequest {
  readonly kind: 'provision';
  readonly url: string;
  readonly vhost: string;
  readonly waitSeconds: number;
  readonly admin: { readonly user: string; readonly password: string };
  readonly passwords: Readonly<Record<ServiceName, string>>;
}

export type BrokerProvisionCommand = ProvisionRequest | { readonly kind: 'print' } | { readonly kind: 'usage'; readonly error: string };

/** The variable that holds a service's broker password: TASKHUB_<SERVICE>_RABBITMQ_PASSWORD, as in compose's .env. */
export function passwordVariable(service: ServiceName): string {
  return `TASKHUB_${service.toUpperCase()}_RABBITMQ_PASSWORD`;
}

/** Reads the command line and the environment; anything missing is a usage error naming it. */
export function parseProvisionArgs(argv: readonly string[], env: NodeJS.ProcessEnv): BrokerProvisionCommand {
  if (argv.length === 1 && argv[0] === '--print') return { kind: 'print' };
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (!['--url', '--vhost', '--wait-seconds'].includes(name) || value === undefined) return { kind: 'usage', error: `unexpected argument ${name}` };
    options.set(name, value);
  }
  const url = options.get('--url');
  if (url === undefined) return { kind: 'usage', error: '--url is required' };
  const waitSeconds = Number(options.get('--wait-seconds') ?? '60');
  if (!Number.isInteger(waitSeconds) || waitSeconds < 0) return { kind: 'usage', error: '--wait-seconds must be a whole number' };
  const missing = ['RABBITMQ_ADMIN_USER', 'RABBITMQ_ADMIN_PASSWORD', ...SERVICE_CATALOG.map((s) => passwordVariable(s.name))].filter((v) => !env[v]);
  if (missing.length > 0) return { kind: 'usage', error: `${missing.join(', ')} not set` };
  const passwords = Object.fromEntries(SERVICE_CATALOG.map((s) => [s.name, env[passwordVariable(s.name)] ?? ''])) as Record<ServiceName, string>;
  return {
    kind: 'provision',
    url,
    vhost: options.get('--vhost') ?? '/',
    waitSeconds,
    admin: { user: env.RABBITMQ_ADMIN_USER ?? '', password: env.RABBITMQ_ADMIN_PASSWORD ?? '' },
    passwords,
  };
}
