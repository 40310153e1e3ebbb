import { ConfigError } from './config-error';
import { Fields } from './fields';
import { type ActiveHealthcheckConfig, type TargetConfig, type UpstreamConfig } from './gateway-config';

// Kong's defaults (kong/db/schema/entities/upstreams.lua)
const DEFAULT_HEALTHY_STATUSES = [200, 302];
const DEFAULT_UNHEALTHY_STATUSES = [429, 404, 500, 501, 502, 503, 504, 505];
const DEFAULT_TARGET_PORT = 8000;

export function upstreamConfig(u: Fields): UpstreamConfig {
  const name = u.requiredString('name');
  u.named(`upstream "${name}"`);
  u.oneOf('algorithm', ['round-robin'], 'round-robin');
  u.number('slots', 10000, { integer: true, min: 10, max: 65536 }); // ring size of Kong's balancer; no behaviour in round-robin
  for (const field of ['hash_on', 'hash_fallback']) u.only(field, ['none'], 'is not implemented (round-robin only)');
  for (const field of ['hash_on_header', 'hash_fallback_header', 'hash_on_cookie', 'hash_on_query_arg', 'hash_fallback_query_arg', 'hash_on_uri_capture', 'hash_fallback_uri_capture', 'sticky_sessions_cookie']) {
    u.refuse(field, 'is not implemented (round-robin only)');
  }
  u.only('hash_on_cookie_path', ['/'], 'is not implemented (round-robin only)');
  u.only('sticky_sessions_cookie_path', ['/'], 'is not implemented (round-robin only)');
  u.only('use_srv_name', [false], 'is not implemented');
  u.refuse('client_certificate', 'belongs to TLS upstreams, which are not implemented');
  u.metadata('id', 'tags', 'created_at');
  const hostHeader = u.string('host_header');
  const targets = u.array('targets').map((raw, i) => targetConfig(u, raw, i));
  const active = healthchecksConfig(u.object('healthchecks'));
  u.done();
  return { name, hostHeader, targets, active };
}

function targetConfig(u: Fields, raw: unknown, i: number): TargetConfig {
  const t = Fields.of(`${u.where} targets[${i}]`, raw);
  const target = t.requiredString('target');
  t.named(`${u.where} target "${target}"`);
  const weight = t.number('weight', 100, { integer: true, min: 0, max: 65535 });
  t.only('failover', [false], 'is not implemented');
  t.metadata('id', 'tags', 'created_at', 'upstream');
  t.done();
  const { host, port } = splitHostPort(target, t.where);
  return { target: `${host}:${port}`, host, port, weight };
}

export function splitHostPort(value: string, where: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(value);
  if (!match) throw new ConfigError(where, `"${value}" is not host[:port]`);
  const port = match[2] === undefined ? DEFAULT_TARGET_PORT : Number(match[2]);
  if (port < 1 || port > 65535) throw new ConfigError(where, `port ${port} is out of range`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

function healthchecksConfig(h: Fields | undefined): ActiveHealthcheckConfig {
  const disabled: ActiveHealthcheckConfig = {
    httpPath: '/',
    timeoutMs: 1000,
    concurrency: 10,
    headers: {},
    healthy: { intervalMs: 0, successes: 0, httpStatuses: DEFAULT_HEALTHY_STATUSES },
    unhealthy: { intervalMs: 0, httpFailures: 0, tcpFailures: 0, timeouts: 0, httpStatuses: DEFAULT_UNHEALTHY_STATUSES },
  };
  if (!h) return disabled;
  h.only('threshold', [0], 'is not implemented');
  const passive = h.object('passive');
  if (passive) passiveMustBeOff(passive);
  const a = h.object('active');
  h.done();
  if (!a) return disabled;
  a.oneOf('type', ['http'], 'http');
  for (const tls of ['https_sni', 'https_verify_certificate']) a.metadata(tls); // only used by type https, which is refused
  const headers: Record<string, readonly string[]> = {};
  const rawHeaders = a.object('headers');
  if (rawHeaders) {
    for (const key of rawHeaders.keys()) {
      const values = rawHeaders.stringArray(key);
      if (values) headers[key] = values;
    }
    rawHeaders.done();
  }
  const config: ActiveHealthcheckConfig = {
    httpPath: a.string('http_path', '/'),
    timeoutMs: a.number('timeout', 1, { min: 0 }) * 1000,
    concurrency: a.number('concurrency', 10, { integer: true, min: 1 }),
    headers,
    healthy: healthyConfig(a.object('healthy')),
    unhealthy: unhealthyConfig(a.object('unhealthy')),
  };
  a.done();
  if (!config.httpPath.startsWith('/')) throw new ConfigError(a.where, 'field "http_path" must start with "/"');
  return config;
}

function healthyConfig(f: Fields | undefined): ActiveHealthcheckConfig['healthy'] {
  if (!f) return { intervalMs: 0, successes: 0, httpStatuses: DEFAULT_HEALTHY_STATUSES };
  const config = {
    intervalMs: f.number('interval', 0, { min: 0 }) * 1000,
    successes: f.number('successes', 0, { integer: true, min: 0, max: 255 }),
    httpStatuses: f.numberArray('http_statuses') ?? DEFAULT_HEALTHY_STATUSES,
  };
  f.done();
  return config;
}

function unhealthyConfig(f: Fields | undefined): ActiveHealthcheckConfig['unhealthy'] {
  if (!f) return { intervalMs: 0, httpFailures: 0, tcpFailures: 0, timeouts: 0, httpStatuses: DEFAULT_UNHEALTHY_STATUSES };
  const config = {
    intervalMs: f.number('interval', 0, { min: 0 }) * 1000,
    httpFailures: f.number('http_failures', 0, { integer: true, min: 0, max: 255 }),
    tcpFailures: f.number('tcp_failures', 0, { integer: true, min: 0, max: 255 }),
    timeouts: f.number('timeouts', 0, { integer: true, min: 0, max: 255 }),
    httpStatuses: f.numberArray('http_statuses') ?? DEFAULT_UNHEALTHY_STATUSES,
  };
  f.done();
  return config;
}

/** Passive checks (circuit breaker) are not implemented; they are accepted only when every threshold is 0 (Kong's "off"). */
function passiveMustBeOff(p: Fields): void {
  p.only('type', ['http'], 'is not implemented');
  for (const side of ['healthy', 'unhealthy']) {
    const f = p.object(side);
    if (!f) continue;
    for (const field of ['successes', 'http_failures', 'tcp_failures', 'timeouts']) {
      f.only(field, [0], 'is not implemented: passive health checks (circuit breaker) must stay off (0)');
    }
    f.metadata('http_statuses', 'interval');
    f.done();
  }
  p.done();
}
