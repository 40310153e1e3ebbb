/**
 * The four TaskHub services as the rest of the workspace (dev stack, tests, deploy) sees them.
 * One entry per service: its name, the Nx app, the default port and the database (and role) it owns.
 */
export interface ServiceDescriptor {
  /** short name: auth, user, task, notification */
  readonly name: ServiceName;
  /** Nx project and folder under apps/ */
  readonly app: `${ServiceName}-service`;
  /** default HTTP port (PORT overrides it) */
  readonly port: number;
  /** database and login role owned by this service alone */
  readonly database: `taskhub_${ServiceName}`;
  /** public path prefixes routed to it by kong/kong.yml */
  readonly publicPaths: readonly string[];
}

export type ServiceName = 'auth' | 'user' | 'task' | 'notification';

export const SERVICE_CATALOG: readonly ServiceDescriptor[] = [
  { name: 'auth', app: 'auth-service', port: 3001, database: 'taskhub_auth', publicPaths: ['/api/v1/auth'] },
  { name: 'user', app: 'user-service', port: 3002, database: 'taskhub_user', publicPaths: ['/api/v1/users'] },
  { name: 'task', app: 'task-service', port: 3003, database: 'taskhub_task', publicPaths: ['/api/v1/projects', '/api/v1/tasks', '/api/v1/exports'] },
  {
    name: 'notification',
    app: 'notification-service',
    port: 3004,
    database: 'taskhub_notification',
    publicPaths: ['/api/v1/notifications', '/api/v1/webhooks'],
  },
];

export function serviceDescriptor(name: ServiceName): ServiceDescriptor {
  const found = SERVICE_CATALOG.find((s) => s.name === name);
  if (!found) throw new Error(`unknown service ${String(name)}`);
  return found;
}
