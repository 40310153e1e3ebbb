import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';
import { Fields } from './fields';
import { consumersConfig } from './consumers-config';
import {
  type GatewayConfig,
  type PluginsConfig,
  type RouteConfig,
  type ScopedPlugins,
  type ServiceConfig,
  type UpstreamConfig,
} from './gateway-config';
import { checkEffectivePlugins } from './plugin-scopes';
import { addToScope, type MutablePlugins, type PluginEntry, readPluginEntry } from './plugins-loader';
import { compileRegexPath, isRegexPath } from '../routing/regex-path';
import { upstreamConfig } from './upstream-config';

/** The text of a Kong DB-less declarative file (YAML or JSON); parse it with parseDeclarativeDocument. */
export function readDeclarativeText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Validates a parsed declarative document against what the local gateway implements. */
export function compileDeclarativeConfig(doc: unknown): GatewayConfig {
  const top = Fields.of('declarative config', doc);
  top.only('_format_version', ['3.0'], 'is not supported');
  if (!top.has('_format_version')) top.fail('_format_version', 'is required ("3.0")');
  top.metadata('_info');

  const services: ServiceConfig[] = [];
  const routes: RouteConfig[] = [];
  const scoped = new ScopeCollector();
  top.array('services').forEach((raw, i) => {
    const s = Fields.of(`services[${i}]`, raw);
    const service = serviceConfig(s);
    const where = `service "${service.name}"`;
    s.array('routes').forEach((rawRoute, j) => routes.push(routeConfig(Fields.of(`${where} routes[${j}]`, rawRoute), service.name, scoped)));
    s.array('plugins').forEach((rawPlugin, j) => scoped.add(readPluginEntry(rawPlugin, j, where), service.name, undefined));
    s.done();
    services.push(service);
  });
  top.array('routes').forEach((raw, i) => {
    const r = Fields.of(`routes[${i}]`, raw);
    const service = r.raw('service');
    const serviceName = typeof service === 'string' ? service : Fields.of(`routes[${i}] field "service"`, service).requiredString('name');
    routes.push(routeConfig(r, serviceName, scoped));
  });
  const upstreams = top.array('upstreams').map((raw, i) => upstreamConfig(Fields.of(`upstreams[${i}]`, raw)));
  const topLevelPlugins = top.array('plugins').map((raw, i) => readPluginEntry(raw, i, undefined));
  const consumers = consumersConfig(top.array('consumers'));
  top.done();

  checkReferences(services, routes, upstreams);
  for (const entry of topLevelPlugins) {
    const service = entry.service === undefined ? undefined : resolve('service', entry.service, services, entry.name);
    const route = entry.route === undefined ? undefined : resolve('route', entry.route, routes, entry.name);
    scoped.add(entry, service, route);
  }
  const { plugins, scopedPlugins } = scoped.result();
  const config: GatewayConfig = { services, routes, upstreams, plugins, scopedPlugins, consumers };
  checkEffectivePlugins(config);
  return config;
}

/** Plugins by scope ("service\0route"), one config per name and scope. */
class ScopeCollector {
  private readonly scopes = new Map<string, { service: string | undefined; route: string | undefined; plugins: MutablePlugins; seen: Set<string> }>();

  add(entry: PluginEntry, service: string | undefined, route: string | undefined): void {
    const label = scopeLabel(service, route);
    if (label !== 'the global scope' && !entry.scopable) {
      throw new ConfigError(`plugin "${entry.name}"`, `on ${label} is not implemented by the local gateway (only as a global plugin)`);
    }
    const id = `${service ?? ''}\u0000${route ?? ''}`;
    const scope = this.scopes.get(id) ?? { service, route, plugins: {}, seen: new Set<string>() };
    this.scopes.set(id, scope);
    addToScope(scope.plugins, scope.seen, entry, label);
  }

  result(): { plugins: PluginsConfig; scopedPlugins: ScopedPlugins[] } {
    let plugins: PluginsConfig = {};
    const scopedPlugins: ScopedPlugins[] = [];
    for (const scope of this.scopes.values()) {
      if (scope.service === undefined && scope.route === undefined) plugins = scope.plugins;
      else scopedPlugins.push({ service: scope.service, route: scope.route, plugins: scope.plugins });
    }
    return { plugins, scopedPlugins };
  }
}

function scopeLabel(service: string | undefined, route: string | undefined): string {
  if (service !== undefined && route !== undefined) return `service "${service}" and route "${route}"`;
  if (service !== undefined) return `service "${service}"`;
  if (route !== undefined) return `route "${route}"`;
  return 'the global scope';
}

function resolve(kind: 'service' | 'route', ref: string, entities: readonly { name: string; id: string | undefined }[], plugin: string): string {
  const found = entities.find((e) => e.name === ref) ?? entities.find((e) => e.id === ref);
  if (!found) throw new ConfigError(`plugin "${plugin}"`, `field "${kind}" refers to unknown ${kind} "${ref}"`);
  return found.name;
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
    id: s.string('id'),
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
  s.metadata('tags', 'created_at', 'updated_at');
  return service;
}

function routeConfig(r: Fields, service: string, scoped: ScopeCollector): RouteConfig {
  const name = r.requiredString('name');
  const where = `route "${name}"`;
  r.named(where);
  const paths = r.stringArray('paths') ?? [];
  for (const path of paths) {
    if (isRegexPath(path)) {
      const problem = regexPathProblem(path);
      if (problem) r.fail('paths', `entry "${path}" ${problem}`);
    } else if (!path.startsWith('/')) {
      r.fail('paths', `entry "${path}" must start with "/" (or "~/" for a regex)`);
    }
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
    id: r.string('id'),
    service,
    paths,
    methods,
    hosts,
    regexPriority: r.number('regex_priority', 0, { integer: true }),
    stripPath: r.boolean('strip_path', true),
    preserveHost: r.boolean('preserve_host', false),
  };
  r.only('protocols', [['http', 'https'], ['https', 'http'], ['http']], '(without plain http) is not implemented: the local gateway serves http only');
  r.only('path_handling', ['v0'], 'is not implemented');
  r.only('https_redirect_status_code', [426, 301, 302, 307, 308], 'is not a valid redirect status');
  // the local gateway streams both ways whatever these say (undici pulls the request body as it arrives, each
  // response chunk is written as it comes): false is its behaviour, true (Kong's default) differs only in Kong
  r.boolean('request_buffering', true);
  r.boolean('response_buffering', true);
  for (const field of ['headers', 'snis', 'sources', 'destinations', 'expression', 'priority', 'filter_chains']) {
    r.refuse(field, 'is not implemented by the local gateway');
  }
  r.array('plugins').forEach((raw, i) => scoped.add(readPluginEntry(raw, i, where), undefined, name));
  r.metadata('tags', 'created_at', 'updated_at', 'service');
  r.done();
  return config;
}

/**
 * Why a `~` path cannot be used, or undefined. Kong compiles it with PCRE (traditional router) or Rust's regex crate
 * (traditional_compatible, the default) and anchors it at the start; the local gateway compiles it as a JavaScript
 * RegExp the same way. A pattern JavaScript cannot compile is refused rather than guessed at.
 */
function regexPathProblem(path: string): string | undefined {
  if (!path.startsWith('~/')) return 'is a regex path that does not start with "~/"';
  try {
    compileRegexPath(path);
    return undefined;
  } catch (error) {
    return `is not a regex the local gateway can compile (${(error as Error).message})`;
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
