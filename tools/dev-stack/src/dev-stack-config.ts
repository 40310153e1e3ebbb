// platform-config's barrel also holds decorated config classes, which need the Reflect metadata API loaded first
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEVELOPMENT_JWT_KEYS_DIR, SERVICE_CATALOG, type ServiceDescriptor, type ServiceName } from '@taskhub/platform-config';
import { brokerUserName } from '@taskhub/platform-messaging';
import { redisUserName } from '@taskhub/platform-redis';
import {
  connectToEntry,
  DEFAULT_INFRASTRUCTURE,
  parseReplicaCount,
  serviceReplicas,
  type InfrastructureUrls,
  type ServiceReplica,
} from '@taskhub/tooling-stack';

/** DEVELOPMENT DEFAULT password of the taskhub_<service> roles on a developer machine; never used elsewhere. */
export const DEV_DATABASE_PASSWORD = 'taskhub_dev_password';
/** DEVELOPMENT DEFAULT password of the taskhub_<service> broker users `npm start` creates; production refuses it too. */
export const DEV_BROKER_PASSWORD = DEV_DATABASE_PASSWORD;
/** DEVELOPMENT DEFAULT password of the taskhub_<service> and taskhub_gateway Redis users `npm start` creates; production refuses it too. */
export const DEV_REDIS_PASSWORD = DEV_DATABASE_PASSWORD;

export const GATEWAY_PROXY_PORT = 8000;
export const GATEWAY_STATUS_PORT = 8100;

export interface DevStackConfig {
  readonly root: string;
  readonly infrastructure: InfrastructureUrls;
  readonly services: readonly ServiceDescriptor[];
  /** instances per service: `<SERVICE>_REPLICAS` (AUTH_REPLICAS, USER_REPLICAS, TASK_REPLICAS, NOTIFICATION_REPLICAS), default 1 */
  readonly replicas: Readonly<Record<ServiceName, number>>;
  readonly logDir: string;
  readonly kongConfig: string;
  /** the development signing keys (git-ignored), generated on the first start */
  readonly jwtKeysDir: string;
}

/** The workspace root: the nearest folder up from here with the taskhub package.json (works from src/ and dist/). */
export function findWorkspaceRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'taskhub') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no taskhub workspace above ${from}`);
  }
}

export function devStackConfig(env: NodeJS.ProcessEnv = process.env): DevStackConfig {
  const root = findWorkspaceRoot();
  return {
    root,
    infrastructure: {
      postgresAdminUrl: env.DEV_ADMIN_DATABASE_URL || DEFAULT_INFRASTRUCTURE.postgresAdminUrl,
      redisUrl: env.REDIS_URL || DEFAULT_INFRASTRUCTURE.redisUrl,
      rabbitmqUrl: env.RABBITMQ_URL || DEFAULT_INFRASTRUCTURE.rabbitmqUrl,
    },
    services: SERVICE_CATALOG,
    replicas: readReplicas(env),
    logDir: path.join(root, 'tmp', 'dev-stack'),
    // TASKHUB_KONG_CONFIG: another declarative file, e.g. the bench's with the rate limit raised (docs/performance.md)
    kongConfig: env.TASKHUB_KONG_CONFIG ? path.resolve(env.TASKHUB_KONG_CONFIG) : path.join(root, 'kong', 'kong.yml'),
    jwtKeysDir: path.join(root, DEVELOPMENT_JWT_KEYS_DIR),
  };
}

/** The variable that sets how many instances of `service` npm start runs: TASK_REPLICAS for the task service. */
export function replicasVariable(service: ServiceName): string {
  return `${service.toUpperCase()}_REPLICAS`;
}

/** Every service's replica count; a bad value throws a RangeError naming its variable (1 to 8 accepted). */
function readReplicas(env: NodeJS.ProcessEnv): Record<ServiceName, number> {
  const replicas = {} as Record<ServiceName, number>;
  for (const { name } of SERVICE_CATALOG) replicas[name] = parseReplicaCount(replicasVariable(name), env[replicasVariable(name)]);
  return replicas;
}

/** The instances of `service` npm start runs: `task-service` on 3003, or `task-service#1` on 3003, `#2` on 3103, … */
export function serviceInstances(config: DevStackConfig, service: ServiceDescriptor): ServiceReplica[] {
  return serviceReplicas(service.app, service.port, config.replicas[service.name]);
}

/** postgres://taskhub_<svc>:<dev password>@<admin host:port>/taskhub_<svc> */
export function serviceDatabaseUrl(config: DevStackConfig, service: ServiceDescriptor): string {
  const url = new URL(config.infrastructure.postgresAdminUrl);
  url.username = service.database;
  url.password = DEV_DATABASE_PASSWORD;
  url.pathname = `/${service.database}`;
  return url.toString();
}

/** amqp://taskhub_<svc>:<dev password>@<RABBITMQ_URL's host:port and vhost>: the service's own broker user. */
export function serviceRabbitmqUrl(config: DevStackConfig, service: ServiceDescriptor): string {
  const url = new URL(config.infrastructure.rabbitmqUrl);
  url.username = brokerUserName(service.name);
  url.password = DEV_BROKER_PASSWORD;
  return url.toString();
}

/** redis://taskhub_<svc>:<dev password>@<REDIS_URL's host:port and database>: the service's own Redis user. */
export function serviceRedisUrl(config: DevStackConfig, service: ServiceDescriptor): string {
  const url = new URL(config.infrastructure.redisUrl);
  url.username = redisUserName(service.name);
  url.password = DEV_REDIS_PASSWORD;
  return url.toString();
}

/** The vhost of RABBITMQ_URL (`/` when it names none). */
export function brokerVhost(config: DevStackConfig): string {
  return decodeURIComponent(new URL(config.infrastructure.rabbitmqUrl).pathname.slice(1)) || '/';
}

/**
 * kong.yml's DNS names (auth-service:3001, ..., redis:6379) mapped to where they run on this machine: a service with
 * several instances maps to all their addresses, which the gateway balances as targets of the service's upstream.
 */
export function gatewayConnectTo(config: DevStackConfig): string {
  const redis = new URL(config.infrastructure.redisUrl);
  return [
    ...config.services.map((s) => connectToEntry(s.app, s.port, serviceInstances(config, s).map((i) => ({ host: '127.0.0.1', port: i.port })))),
    `redis:6379=${redis.hostname}:${redis.port || '6379'}`,
  ].join(',');
}

export function distEntry(config: DevStackConfig, app: string, file: 'main.js' | 'migrate.js'): string {
  return path.join(config.root, 'dist', 'apps', app, 'src', file);
}
