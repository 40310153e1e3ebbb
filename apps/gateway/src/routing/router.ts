import { type RouteConfig } from '../config/gateway-config';
import { compileRegexPath, isRegexPath } from './regex-path';

export interface RouteMatch<T> {
  readonly route: RouteConfig;
  /** the part of the request path the route's path matched: the prefix, or a regex path's match (undefined without paths) */
  readonly matchedPath: string | undefined;
  readonly target: T;
}

interface Entry<T> {
  readonly route: RouteConfig;
  /** a plain prefix (undefined: the route has no paths, or this is a regex entry) */
  readonly path: string | undefined;
  readonly regex: RegExp | undefined;
  readonly weight: number;
  readonly order: number;
  readonly methods: ReadonlySet<string> | undefined;
  readonly exactHosts: ReadonlySet<string> | undefined;
  readonly wildcardHosts: readonly RegExp[];
  readonly target: T;
}

/**
 * Kong's traditional_compatible router, precomputed once: a route with more kinds of criteria (paths, methods, hosts)
 * wins over one with fewer; among equals, regex paths come before prefixes (higher `regex_priority` first), and the
 * longest prefix wins among prefixes; then the order of definition. Plain paths match as prefixes ("/api/v1/tasks" also
 * matches "/api/v1/tasks/42"); regex paths (`~...`) are anchored at the start only, so `~/api/v1/auth/login$` matches
 * that one path and nothing under it.
 */
export class Router<T> {
  private readonly entries: readonly Entry<T>[];

  constructor(routes: readonly { readonly route: RouteConfig; readonly target: T }[]) {
    const entries: Entry<T>[] = [];
    routes.forEach(({ route, target }, order) => {
      const weight = (route.paths.length > 0 ? 1 : 0) + (route.methods.length > 0 ? 1 : 0) + (route.hosts.length > 0 ? 1 : 0);
      const exact = route.hosts.filter((h) => !h.includes('*'));
      const wildcardHosts = route.hosts.filter((h) => h.includes('*')).map(wildcardToRegExp);
      const common = {
        route,
        weight,
        order,
        target,
        methods: route.methods.length > 0 ? new Set(route.methods) : undefined,
        exactHosts: route.hosts.length > 0 ? new Set(exact) : undefined,
        wildcardHosts,
      };
      if (route.paths.length === 0) entries.push({ ...common, path: undefined, regex: undefined });
      for (const path of route.paths) {
        if (isRegexPath(path)) entries.push({ ...common, path: undefined, regex: compileRegexPath(path) });
        else entries.push({ ...common, path, regex: undefined });
      }
    });
    const regexRank = (e: Entry<T>): number => (e.regex ? 1 : 0);
    entries.sort(
      (a, b) =>
        b.weight - a.weight ||
        regexRank(b) - regexRank(a) ||
        (a.regex && b.regex ? b.route.regexPriority - a.route.regexPriority : 0) ||
        (b.path?.length ?? 0) - (a.path?.length ?? 0) ||
        a.order - b.order,
    );
    this.entries = entries;
  }

  /** `host` is the Host header (port allowed), `path` the normalized request path without query. */
  match(method: string, host: string | undefined, path: string): RouteMatch<T> | undefined {
    const entries = this.entries;
    let hostName: string | undefined;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (e.path !== undefined && !path.startsWith(e.path)) continue;
      let matched = e.path;
      if (e.regex !== undefined) {
        const m = e.regex.exec(path);
        if (m === null) continue;
        matched = m[0];
      }
      if (e.methods !== undefined && !e.methods.has(method)) continue;
      if (e.exactHosts !== undefined) {
        hostName ??= stripPort(host);
        if (!e.exactHosts.has(hostName) && !(host !== undefined && e.exactHosts.has(host.toLowerCase())) && !e.wildcardHosts.some((r) => r.test(hostName!))) continue;
      }
      return { route: e.route, matchedPath: matched, target: e.target };
    }
    return undefined;
  }
}

function stripPort(host: string | undefined): string {
  if (!host) return '';
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.indexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

function wildcardToRegExp(host: string): RegExp {
  const escaped = host.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace('*', '.+');
  return new RegExp(`^${escaped}$`);
}
