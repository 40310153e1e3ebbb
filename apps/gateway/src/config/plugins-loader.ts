import { ConfigError } from './config-error';
import { Fields } from './fields';
import { type PluginsConfig } from './gateway-config';
import { jwtConfig } from './jwt-config';
import { correlationIdConfig, corsConfig, prometheusConfig, rateLimitingConfig, requestSizeLimitingConfig } from './plugin-configs';
import { requestTransformerConfig } from './request-transformer-config';

export type PluginKey = keyof PluginsConfig;
export type MutablePlugins = { -readonly [K in PluginKey]?: PluginsConfig[K] };

interface PluginKind {
  readonly key: PluginKey;
  /** false: only implemented as a global plugin */
  readonly scopable: boolean;
  readonly read: (c: Fields) => NonNullable<PluginsConfig[PluginKey]>;
}

const KINDS: Readonly<Record<string, PluginKind>> = {
  'correlation-id': { key: 'correlationId', scopable: true, read: correlationIdConfig },
  cors: { key: 'cors', scopable: true, read: corsConfig },
  jwt: { key: 'jwt', scopable: true, read: jwtConfig },
  'request-size-limiting': { key: 'requestSizeLimiting', scopable: true, read: requestSizeLimitingConfig },
  // Kong keys scoped counters by route and service ids, and exports scoped metrics per entity: not implemented
  'rate-limiting': { key: 'rateLimiting', scopable: false, read: rateLimitingConfig },
  'request-transformer': { key: 'requestTransformer', scopable: true, read: requestTransformerConfig },
  prometheus: { key: 'prometheus', scopable: false, read: prometheusConfig },
};

/** One plugin entry of the file, validated; `service`/`route` are the references of a top-level entry as written. */
export interface PluginEntry {
  readonly name: string;
  readonly key: PluginKey;
  readonly scopable: boolean;
  readonly enabled: boolean;
  readonly config: NonNullable<PluginsConfig[PluginKey]>;
  readonly service: string | undefined;
  readonly route: string | undefined;
}

/**
 * Reads one plugin. `owner` names where it is nested (a service or route), undefined for the top-level list, where
 * `service:` and `route:` references are accepted instead.
 */
export function readPluginEntry(raw: unknown, index: number, owner: string | undefined): PluginEntry {
  const p = Fields.of(`${owner ? `${owner} ` : ''}plugins[${index}]`, raw);
  const name = p.requiredString('name');
  const where = owner ? `${owner} plugin "${name}"` : `plugin "${name}"`;
  p.named(where);
  const kind = KINDS[name];
  if (!kind) throw new ConfigError(where, `is not implemented by the local gateway (implemented: ${Object.keys(KINDS).join(', ')})`);
  let service: string | undefined;
  let route: string | undefined;
  if (owner) {
    for (const scope of ['service', 'route']) p.refuse(scope, `is not accepted on a plugin nested in ${owner} (the nesting sets its scope)`);
  } else {
    service = reference(p, 'service');
    route = reference(p, 'route');
  }
  p.refuse('consumer', 'consumer-scoped plugins are not implemented (global, service and route scopes are)');
  p.refuse('consumer_group', 'consumer-group-scoped plugins are not implemented (global, service and route scopes are)');
  for (const field of ['ordering', 'partials', 'condition', '_config']) p.refuse(field, 'is not implemented');
  p.only('run_on', ['first'], 'is not implemented');
  const protocols = p.stringArray('protocols');
  if (protocols && !protocols.includes('http')) p.fail('protocols', 'without "http" is not implemented (the local gateway serves http only)');
  const enabled = p.boolean('enabled', true);
  p.metadata('id', 'tags', 'created_at', 'updated_at', 'instance_name');
  const config = p.object('config') ?? new Fields(`${where} field "config"`, {});
  const doc: Record<string, unknown> = {};
  // read every key through the Fields of the plugin config so that done() of the outer object is satisfied
  for (const key of config.keys()) doc[key] = config.raw(key);
  const value = kind.read(new Fields(`${where} config`, doc));
  p.done();
  return { name, key: kind.key, scopable: kind.scopable, enabled, config: value, service, route };
}

/** Adds an enabled plugin to the plugins of its scope (one config per name and scope, as Kong's unique constraint). */
export function addToScope(plugins: MutablePlugins, seen: Set<string>, entry: PluginEntry, scope: string): void {
  if (seen.has(entry.name)) throw new ConfigError(`plugin "${entry.name}"`, `is configured twice on ${scope}`);
  seen.add(entry.name);
  if (!entry.enabled) return;
  (plugins as Record<PluginKey, unknown>)[entry.key] = entry.config;
}

/** decK writes `service: <name or id>`; the object form `{ name }` / `{ id }` of the Admin API is read too. */
function reference(p: Fields, field: 'service' | 'route'): string | undefined {
  const value = p.raw(field);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value !== '') return value;
  const ref = Fields.of(`${p.where} field "${field}"`, value);
  const name = ref.string('name');
  const id = ref.string('id');
  ref.done();
  const target = name ?? id;
  if (!target) p.fail(field, 'must name a service/route (its name or id)');
  return target;
}
