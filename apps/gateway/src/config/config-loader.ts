import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigError } from './config-error';
import { Fields } from './fields';
import {
  type GatewayConfig,
  type PluginsConfig,
  type RouteConfig,
  type ServiceConfig,
  type UpstreamConfig,
} from './gateway-config';
import {
  correlationIdConfig,
  corsConfig,
  prometheusConfig,
  rateLimitingConfig,
  requestSizeLimitingConfig,
} from './plugin-configs';
import { upstreamConfig } from './upstream-config';

/** Reads and validates a Kong DB-less declarative file (YAML or JSON). */
export function loadDeclarativeConfig(path: string): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new ConfigError(path, `is not valid YAML (${error instanceof Error ? error.message : String(error)})`);
  }
  return compileDeclarativeConfig(doc);
}

/** Validates a parsed declarative document against what the local gateway implements. */
export function compileDeclarativeConfig(doc: unknown): GatewayConfig {
  const top = Fields.of('declarative config', doc);
  top.only('_format_version', ['3.0'], 'is not supported');
  if (!top.has('_format_version')) top.fail('_format_version', 'is required ("3.0")');
  top.metadata('_info');

  const services: ServiceConfig[] = [];
  const routes: RouteConfig[] = [];
  top.array('services').forEach((raw, i) => {
    const s = Fields.of(`services[${i}]`, raw);
    const service = serviceConfig(s);
    const where = `service "${service.name}"`;
    s.array('routes').forEach((rawRoute, j) => routes.push(routeConfig(Fields.of(`${where} routes[${j}]`, rawRoute), service.name)));
    s.refuse('plugins', 'service-scoped plugins are not implemented (only global plugins)');
    s.done();
    services.push(service);
  });
  top.array('routes').forEach((raw, i) => {
    const r = Fields.of(`routes[${i}]`, raw);
    const service = r.raw('service');
    const serviceName = typeof service === 'string' ? service : Fields.of(`routes[${i}] field "service"`, service).requiredString('name');
    routes.push(routeConfig(r, serviceName));
  });
  const upstreams = top.array('upstreams').map((raw, i) => upstreamConfig(Fields.of(`upstreams[${i}]`, raw)));
  const plugins = pluginsConfig(top.array('plugins'));
  top.done();

  checkReferences(services, routes, upstreams);
  return { services, routes, upstreams, plugins };
}

function serviceConfig(s: Fields): ServiceConfig {
  const name = s.requiredString('name');
  const where = `service "${name}"`;
  s.named(where);
  let host: string;
  let port: number;
  let path: string | undefined;
  const url = s.string('url');
  if (url !== undefined) {
    for (const field of ['protocol', 'host', 'port', 'path']) if (s.has(field)) s.fail(field, 'cannot be combined with url');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(where, `field "url" = "${url}" is not a valid URL`);
    }
    if (parsed.protocol !== 'http:') throw new ConfigError(where, `field "url" protocol "${parsed.protocol}" is not implemented (http only)`);
    host = parsed.hostname;
    port = parsed.port ? Number(parsed.port) : 80;
    path = /^http:\/\/[^/?#]+\//.test(url) ? parsed.pathname : undefined;
  } else {
    s.oneOf('protocol', ['http'], 'http');
    host = s.requiredString('host');
    port = s.number('port', 80, { integer: true, min: 1, max: 65535 });
    path = s.string('path');
  }
  if (path !== undefined && !path.startsWith('/')) throw new ConfigError(where, `field "path" must start with "/"`);
  const service: ServiceConfig = {
    name,
    host,
    port,
    path,
    connectTimeoutMs: s.number('connect_timeout', 60000, { integer: true, min: 1 }),
    readTimeoutMs: s.number('read_timeout', 60000, { integer: true, min: 1 }),
    writeTimeoutMs: s.number('write_timeout', 60000, { integer: true, min: 1 }),
    retries: s.number('retries', 5, { integer: true, min: 0, max: 32767 }),
  };
  s.only('enabled', [true], '(a disabled service) is not implemented');
  for (const tls of ['client_certificate', 'tls_verify', 'tls_verify_depth', 'ca_certificates', 'tls_sans']) {
    s.refuse(tls, 'belongs to TLS upstreams, which are not implemented');
  }
  s.refuse('filter_chains', 'is not implemented');
  s.metadata('id', 'tags', 'created_at', 'updated_at');
  return service;
}

function routeConfig(r: Fields, service: string): RouteConfig {
  const name = r.requiredString('name');
  const where = `route "${name}"`;
  r.named(where);
  const paths = r.stringArray('paths') ?? [];
  for (const path of paths) {
    if (path.startsWith('~')) r.fail('paths', `entry "${path}" is a regex path, which is not implemented`);
    if (!path.startsWith('/')) r.fail('paths', `entry "${path}" must start with "/"`);
  }
  const methods = (r.stringArray('methods') ?? []).map((m) => m.toUpperCase());
  const hosts = (r.stringArray('hosts') ?? []).map((h) => h.toLowerCase());
  for (const host of hosts) {
    if (host.includes('*') && !host.startsWith('*.') && !host.endsWith('.*')) r.fail('hosts', `entry "${host}" has a wildcard that is neither leading nor trailing`);
  }
  if (paths.length === 0 && methods.length === 0 && hosts.length === 0) {
    throw new ConfigError(where, 'must set at least one of paths, methods, hosts');
  }
  const config: RouteConfig = {
    name,
    service,
    paths,
    methods,
    hosts,
    stripPath: r.boolean('strip_path', true),
    preserveHost: r.boolean('preserve_host', false),
  };
  r.only('protocols', [['http', 'https'], ['https', 'http'], ['http']], '(without plain http) is not implemented: the local gateway serves http only');
  r.only('path_handling', ['v0'], 'is not implemented');
  r.only('regex_priority', [0], 'only matters for regex paths, which are not implemented');
  r.only('https_redirect_status_code', [426, 301, 302, 307, 308], 'is not a valid redirect status');
  r.only('request_buffering', [true], '= false is not implemented');
  r.only('response_buffering', [true], '= false is not implemented');
  for (const field of ['headers', 'snis', 'sources', 'destinations', 'expression', 'priority', 'filter_chains']) {
    r.refuse(field, 'is not implemented by the local gateway');
  }
  r.refuse('plugins', 'route-scoped plugins are not implemented (only global plugins)');
  r.metadata('id', 'tags', 'created_at', 'updated_at', 'service');
  r.done();
  return config;
}

function pluginsConfig(list: readonly unknown[]): PluginsConfig {
  const plugins: { -readonly [K in keyof PluginsConfig]: PluginsConfig[K] } = {};
  const seen = new Set<string>();
  list.forEach((raw, i) => {
    const p = Fields.of(`plugins[${i}]`, raw);
    const name = p.requiredString('name');
    const where = `plugin "${name}"`;
    p.named(where);
    if (seen.has(name)) throw new ConfigError(where, 'is configured twice globally');
    seen.add(name);
    for (const scope of ['service', 'route', 'consumer', 'consumer_group']) {
      p.refuse(scope, 'scoped plugins are not implemented (only global plugins)');
    }
    for (const field of ['ordering', 'partials', 'condition', '_config']) p.refuse(field, 'is not implemented');
    p.only('run_on', ['first'], 'is not implemented');
    const protocols = p.stringArray('protocols');
    if (protocols && !protocols.includes('http')) p.fail('protocols', 'without "http" is not implemented (the local gateway serves http only)');
    const enabled = p.boolean('enabled', true);
    p.metadata('id', 'tags', 'created_at', 'instance_name');
    const config = p.object('config') ?? new Fields(`${where} field "config"`, {});
    const c = new Fields(`${where} config`, configDoc(config));
    switch (name) {
      case 'correlation-id':
        plugins.correlationId = correlationIdConfig(c);
        break;
      case 'cors':
        plugins.cors = corsConfig(c);
        break;
      case 'request-size-limiting':
        plugins.requestSizeLimiting = requestSizeLimitingConfig(c);
        break;
      case 'rate-limiting':
        plugins.rateLimiting = rateLimitingConfig(c);
        break;
      case 'prometheus':
        plugins.prometheus = prometheusConfig(c);
        break;
      default:
        throw new ConfigError(where, 'is not implemented by the local gateway (implemented: correlation-id, cors, request-size-limiting, rate-limiting, prometheus)');
    }
    p.done();
    if (!enabled) delete plugins[pluginKey(name)];
  });
  return plugins;
}

function configDoc(config: Fields): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  // read every key through the Fields of the plugin config so that done() of the outer object is satisfied
  for (const key of config.keys()) doc[key] = config.raw(key);
  return doc;
}

function pluginKey(name: string): keyof PluginsConfig {
  switch (name) {
    case 'correlation-id':
      return 'correlationId';
    case 'request-size-limiting':
      return 'requestSizeLimiting';
    case 'rate-limiting':
      return 'rateLimiting';
    case 'cors':
      return 'cors';
    default:
      return 'prometheus';
  }
}

function checkReferences(services: readonly ServiceConfig[], routes: readonly RouteConfig[], upstreams: readonly UpstreamConfig[]): void {
  const unique = (kind: string, names: readonly string[]): void => {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) throw new ConfigError(`${kind} "${name}"`, 'is defined twice');
      seen.add(name);
    }
  };
  unique('service', services.map((s) => s.name));
  unique('route', routes.map((r) => r.name));
  unique('upstream', upstreams.map((u) => u.name));
  const serviceNames = new Set(services.map((s) => s.name));
  for (const route of routes) {
    if (!serviceNames.has(route.service)) throw new ConfigError(`route "${route.name}"`, `field "service" refers to unknown service "${route.service}"`);
  }
}
