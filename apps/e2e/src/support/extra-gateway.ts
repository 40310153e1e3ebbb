import path from 'node:path';
import { startProcess, type ManagedProcess } from '@taskhub/tooling-stack';
import { stackInfo } from './stack-info';

/** A gateway of a spec's own beside the stack's: kong/kong.yml with the stack's keys, over the addresses it is given. */
export interface ExtraGatewayOptions {
  /** process and log name, and this gateway's Redis key prefix under the run's (`gateway-replicas`) */
  readonly name: string;
  /** GATEWAY_CONNECT_TO entries for the services (`task-service:3003=127.0.0.1:41233|127.0.0.1:41240`); Redis is added */
  readonly connectTo: readonly string[];
  readonly proxyPort: number;
  /** KONG_STATUS_LISTEN: `127.0.0.1:<port>`, or `off` */
  readonly statusListen: string;
  /** a kong.yml of the spec's own (the bench's, with its rate limit raised); default the stack's kong/kong.yml */
  readonly kongConfigPath?: string;
}

/**
 * Starts the built gateway (dist/apps/gateway/src/main.js) as an extra gateway of the e2e run. It shares the test
 * Redis as its admin user for kong.yml's rate limiting (the spec's own services do too), with its counters under a
 * prefix of its own; the caller waits for it and stops it.
 */
export function startExtraGateway(options: ExtraGatewayOptions): ManagedProcess {
  const info = stackInfo();
  const redis = new URL(info.redisUrl);
  return startProcess({
    name: options.name,
    command: process.execPath,
    args: [path.join(info.root, 'dist/apps/gateway/src/main.js')],
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      KONG_DECLARATIVE_CONFIG: options.kongConfigPath ?? info.kongConfigPath,
      KONG_PROXY_LISTEN: `127.0.0.1:${options.proxyPort}`,
      KONG_STATUS_LISTEN: options.statusListen,
      GATEWAY_CONNECT_TO: [...options.connectTo, `redis:6379=${redis.hostname}:${redis.port || 6379}`].join(','),
      GATEWAY_REDIS_KEY_PREFIX: `${info.redisKeyPrefix}${options.name}:`,
      TASKHUB_GATEWAY_REDIS_USER: decodeURIComponent(redis.username) || 'default',
      TASKHUB_GATEWAY_REDIS_PASSWORD: decodeURIComponent(redis.password),
      JWT_PUBLIC_KEYS_DIR: info.jwtKeysDir,
      LOG_LEVEL: 'warn',
    },
    cwd: info.root,
    logFile: path.join(info.logDir, `${options.name}.log`),
    prefixOutput: false,
  });
}
