import { resolve } from 'node:path';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export interface GatewayEnv {
  readonly declarativeConfigPath: string;
  readonly proxyListen: ListenAddress;
  /** undefined when KONG_STATUS_LISTEN=off */
  readonly statusListen: ListenAddress | undefined;
  readonly connectTo: ConnectTo;
  readonly redisKeyPrefix: string;
  readonly logLevel: string;
  /** JWT_PUBLIC_KEYS_DIR, absolute; undefined when unset or empty */
  readonly jwtPublicKeysDir: string | undefined;
}

/** host:port -> host:port actually dialled (GATEWAY_CONNECT_TO), like curl --connect-to; configuration is unchanged. */
export type ConnectTo = (host: string, port: number) => ListenAddress;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export function readGatewayEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL="${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  const status = env.KONG_STATUS_LISTEN ?? '0.0.0.0:8100';
  return {
    declarativeConfigPath: resolve(env.KONG_DECLARATIVE_CONFIG ?? 'kong/kong.yml'),
    proxyListen: parseListen('KONG_PROXY_LISTEN', env.KONG_PROXY_LISTEN ?? '0.0.0.0:8000'),
    statusListen: status.trim() === 'off' ? undefined : parseListen('KONG_STATUS_LISTEN', status),
    connectTo: parseConnectTo(env.GATEWAY_CONNECT_TO ?? ''),
    redisKeyPrefix: env.GATEWAY_REDIS_KEY_PREFIX ?? '',
    logLevel,
    jwtPublicKeysDir: env.JWT_PUBLIC_KEYS_DIR?.trim() ? resolve(env.JWT_PUBLIC_KEYS_DIR.trim()) : undefined,
  };
}

export function parseListen(name: string, value: string): ListenAddress {
  const match = /^\s*(\[[^\]]+\]|[^\s:]+):(\d+)\s*$/.exec(value);
  if (!match) {
    throw new Error(`${name}="${value}" is not implemented: expected one plain "host:port" (no ssl/http2 flags, no list)`);
  }
  const port = Number(match[2]);
  if (port > 65535) throw new Error(`${name}="${value}": port out of range`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

export function parseConnectTo(value: string): ConnectTo {
  const map = new Map<string, ListenAddress>();
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [from, to, extra] = entry.split('=');
    if (!from || !to || extra !== undefined) throw new Error(`GATEWAY_CONNECT_TO entry "${entry}" is not host:port=host:port`);
    const source = parseListen('GATEWAY_CONNECT_TO', from);
    map.set(`${source.host}:${source.port}`, parseListen('GATEWAY_CONNECT_TO', to));
  }
  return (host, port) => map.get(`${host}:${port}`) ?? { host, port };
}
