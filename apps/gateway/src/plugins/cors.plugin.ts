import { type IncomingHttpHeaders } from 'node:http';
import { type CorsConfig } from '../config/gateway-config';

const CACHE_LIMIT = 10_000;

/** Kong's cors plugin (kong/plugins/cors/handler.lua) for plain origins. Header lists are flat [name, value, ...]. */
export class CorsPlugin {
  private readonly allowAll: boolean;
  private readonly singleOrigin: string | undefined;
  private readonly allowed: ReadonlySet<string>;
  private readonly responseCache = new Map<string, readonly string[]>();
  private readonly noOriginHeaders: readonly string[] | undefined;
  private readonly preflightTail: readonly string[];

  constructor(readonly config: CorsConfig) {
    this.allowAll = config.origins.length === 0 || (config.origins.length === 1 && config.origins[0] === '*');
    this.singleOrigin = !this.allowAll && config.origins.length === 1 ? config.origins[0] : undefined;
    this.allowed = new Set(config.origins.map(normalizeOrigin));
    this.noOriginHeaders = config.allowOriginAbsent ? this.compute(undefined, true) : undefined;
    const tail = ['Access-Control-Allow-Methods', config.methods.join(',')];
    if (config.maxAge !== undefined) tail.push('Access-Control-Max-Age', String(config.maxAge));
    this.preflightTail = tail;
  }

  /** A preflight the gateway answers itself (200, no body), or undefined when the request is not one. */
  preflight(method: string, headers: IncomingHttpHeaders): string[] | undefined {
    if (method !== 'OPTIONS') return undefined;
    const origin = headers.origin;
    if (!origin || !headers['access-control-request-method'] || this.config.preflightContinue) return undefined;
    const out = [...this.compute(origin, false)];
    if (this.config.headers.length > 0) out.push('Access-Control-Allow-Headers', this.config.headers.join(','));
    else if (typeof headers['access-control-request-headers'] === 'string') out.push('Access-Control-Allow-Headers', headers['access-control-request-headers']);
    out.push(...this.preflightTail);
    if (this.config.privateNetwork && headers['access-control-request-private-network'] === 'true') {
      out.push('Access-Control-Allow-Private-Network', 'true');
    }
    return out;
  }

  /** True when the request is a preflight passed to the upstream (preflight_continue): Kong then adds no header. */
  isContinuedPreflight(method: string, headers: IncomingHttpHeaders): boolean {
    return method === 'OPTIONS' && this.config.preflightContinue && !!headers.origin && !!headers['access-control-request-method'];
  }

  /** Headers added to every other response; undefined means "leave the response alone" (no Origin, allow_origin_absent false). */
  responseHeaders(origin: string | undefined): readonly string[] | undefined {
    if (origin === undefined) return this.noOriginHeaders;
    let cached = this.responseCache.get(origin);
    if (cached === undefined) {
      cached = this.compute(origin, true);
      if (this.responseCache.size >= CACHE_LIMIT) this.responseCache.clear();
      this.responseCache.set(origin, cached);
    }
    return cached;
  }

  private compute(origin: string | undefined, filter: boolean): string[] {
    const out: string[] = [];
    let allowAll = false;
    if (this.allowAll) {
      out.push('Access-Control-Allow-Origin', '*');
      allowAll = true;
    } else {
      out.push('Vary', 'Origin');
      if (this.singleOrigin !== undefined) out.push('Access-Control-Allow-Origin', this.singleOrigin);
      else if (origin !== undefined) {
        const normalized = normalizeOrigin(origin);
        if (this.allowed.has(normalized)) out.push('Access-Control-Allow-Origin', normalized);
      }
    }
    if (this.config.credentials) {
      if (!allowAll) out.push('Access-Control-Allow-Credentials', 'true');
      else if (origin !== undefined) {
        out.length = 0;
        out.push('Vary', 'Origin', 'Access-Control-Allow-Origin', origin, 'Access-Control-Allow-Credentials', 'true');
      }
    }
    if (filter && this.config.exposedHeaders.length > 0) out.push('Access-Control-Expose-Headers', this.config.exposedHeaders.join(','));
    return out;
  }
}

/** scheme://host[:port] with the default port dropped, as Kong compares origins. */
export function normalizeOrigin(origin: string): string {
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/:]+)(?::(\d+))?/i.exec(origin);
  if (!match) return origin;
  const scheme = match[1].toLowerCase();
  const port = match[3];
  const dropPort = port === undefined || (scheme === 'http' && port === '80') || (scheme === 'https' && port === '443');
  return `${scheme}://${match[2].toLowerCase()}${dropPort ? '' : `:${port}`}`;
}
