import { resolve } from 'node:path';
import { parseAddressList } from '@taskhub/platform-net';
import { type RealIpSettings } from '../proxy/real-ip';

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
  /** where `{vault://env/<name>}` references in the declarative file are read (the process's environment) */
  readonly vaultEnv: Readonly<Record<string, string | undefined>>;
  readonly logLevel: string;
  /** JWT_PUBLIC_KEYS_DIR, absolute; undefined when unset or empty */
  readonly jwtPublicKeysDir: string | undefined;
  readonly timeouts: ClientTimeouts;
  /** KONG_TRUSTED_IPS, KONG_REAL_IP_HEADER, KONG_REAL_IP_RECURSIVE: whom the client address is believed from */
  readonly realIp: RealIpSettings;
}

/** How long the proxy listener waits on a client (Node's server timeouts), in ms. */
export interface ClientTimeouts {
  /** for the request line and headers, from the connection or the previous response (nginx client_header_timeout) */
  readonly headersMs: number;
  /** for the whole request, body included; never the response, so a stream stays open (nginx has no total) */
  readonly requestMs: number;
  /** for the next request on an idle keep-alive connection (nginx keepalive_timeout) */
  readonly keepAliveMs: number;
}

/** Defaults: nginx's 60 s for headers and keep-alive; a whole request (at most 1 MB with kong.yml) within 120 s. */
export const DEFAULT_CLIENT_TIMEOUTS: ClientTimeouts = { headersMs: 60_000, requestMs: 120_000, keepAliveMs: 60_000 };

/**
 * host:port -> the addresses actually dialled (GATEWAY_CONNECT_TO), like curl --connect-to; configuration is unchanged.
 * Never empty: a name not in the map is dialled as it is. Several addresses are what a DNS name with several A records
 * gives Kong (compose or Kubernetes replicas): each becomes a target of its own, with the configured target's weight.
 */
export type ConnectTo = (host: string, port: number) => readonly ListenAddress[];

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
    vaultEnv: env,
    logLevel,
    jwtPublicKeysDir: env.JWT_PUBLIC_KEYS_DIR?.trim() ? resolve(env.JWT_PUBLIC_KEYS_DIR.trim()) : undefined,
    timeouts: readClientTimeouts(env),
    realIp: readRealIpSettings(env),
  };
}

/**
 * Kong's own variables, so compose and Kubernetes set Kong and the local gateway alike. Kong's defaults: no trusted
 * address, `X-Real-IP`, `off`. Kong's `unix:` and `proxy_protocol` are refused (no such listener here).
 */
export function readRealIpSettings(env: NodeJS.ProcessEnv): RealIpSettings {
  const header = (env.KONG_REAL_IP_HEADER ?? '').trim() || 'X-Real-IP';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header) || header.toLowerCase() === 'proxy_protocol') {
    throw new Error(`KONG_REAL_IP_HEADER="${header}" is not implemented by the local gateway (accepted: a header name, such as X-Real-IP or X-Forwarded-For)`);
  }
  const recursive = (env.KONG_REAL_IP_RECURSIVE ?? '').trim().toLowerCase() || 'off';
  if (!['on', 'off', 'true', 'false'].includes(recursive)) throw new Error(`KONG_REAL_IP_RECURSIVE="${recursive}" must be on or off`);
  return {
    trusted: parseAddressList(env.KONG_TRUSTED_IPS ?? '', { variable: 'KONG_TRUSTED_IPS' }),
    header: header.toLowerCase(),
    recursive: recursive === 'on' || recursive === 'true',
  };
}

function readClientTimeouts(env: NodeJS.ProcessEnv): ClientTimeouts {
  const timeouts: ClientTimeouts = {
    headersMs: positiveMs(env, 'GATEWAY_HEADERS_TIMEOUT_MS', DEFAULT_CLIENT_TIMEOUTS.headersMs),
    requestMs: positiveMs(env, 'GATEWAY_REQUEST_TIMEOUT_MS', DEFAULT_CLIENT_TIMEOUTS.requestMs),
    keepAliveMs: positiveMs(env, 'GATEWAY_KEEPALIVE_TIMEOUT_MS', DEFAULT_CLIENT_TIMEOUTS.keepAliveMs),
  };
  if (timeouts.headersMs > timeouts.requestMs) {
    throw new Error(`GATEWAY_HEADERS_TIMEOUT_MS (${timeouts.headersMs}) must not exceed GATEWAY_REQUEST_TIMEOUT_MS (${timeouts.requestMs})`);
  }
  return timeouts;
}

/** A timeout in ms: a whole number above 0 (0 would mean "wait for ever", which is what these settings prevent). */
function positiveMs(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new Error(`${name}="${value}" must be a whole number of milliseconds above 0`);
  return Number(value);
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

/**
 * `host:port=host:port[|host:port...],...`: each configured name and port, the address or addresses dialled for it (the
 * `|` list stands for the A records of one DNS name: several instances of one service). A name listed twice is refused
 * (which one would win is not obvious), and so is an address listed twice for one name.
 */
export function parseConnectTo(value: string): ConnectTo {
  const map = new Map<string, readonly ListenAddress[]>();
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [from, to, extra] = entry.split('=');
    if (!from || !to || extra !== undefined) throw new Error(`GATEWAY_CONNECT_TO entry "${entry}" is not host:port=host:port[|host:port...]`);
    const source = parseListen('GATEWAY_CONNECT_TO', from);
    const key = `${source.host}:${source.port}`;
    if (map.has(key)) throw new Error(`GATEWAY_CONNECT_TO maps ${key} twice: list its addresses in one entry, separated by |`);
    const addresses = to.split('|').map((address) => parseListen('GATEWAY_CONNECT_TO', address));
    const seen = new Set(addresses.map((a) => `${a.host}:${a.port}`));
    if (seen.size !== addresses.length) throw new Error(`GATEWAY_CONNECT_TO entry "${entry}" lists an address twice`);
    map.set(key, addresses);
  }
  return (host, port) => map.get(`${host}:${port}`) ?? [{ host, port }];
}
