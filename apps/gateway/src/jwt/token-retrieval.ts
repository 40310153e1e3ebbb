import { type JwtConfig } from '../config/gateway-config';
import { bearerToken } from './bearer-token';

/** What the request carries, as Kong's retrieve_tokens reads it. */
export interface TokenSources {
  /** the query string without "?" (may be empty) */
  readonly rawQuery: string;
  /** every value of each request header, lower-case names (node's req.headersDistinct) */
  readonly headers: Readonly<Record<string, readonly string[] | undefined>>;
}

/** One token, none, several different ones (Kong refuses them, so none can be smuggled past another), or a bare `?jwt`. */
export type RetrievedToken = { readonly kind: 'none' } | { readonly kind: 'one'; readonly token: string } | { readonly kind: 'several' } | { readonly kind: 'unrecognizable' };

/**
 * Kong's retrieve_tokens (kong/plugins/jwt/handler.lua): collects the distinct non-empty tokens of the configured
 * query parameters (every occurrence), cookies (the first of each name) and headers (the first occurrence, the part
 * after "Bearer "), in that order.
 */
export function retrieveToken(config: JwtConfig, sources: TokenSources): RetrievedToken {
  const tokens = new Set<string | true>();
  if (config.uriParamNames.length > 0 && sources.rawQuery !== '') {
    const args = queryArgs(sources.rawQuery);
    for (const name of config.uriParamNames) {
      for (const value of args.get(name) ?? []) if (value !== '') tokens.add(value);
    }
  }
  if (config.cookieNames.length > 0) {
    const cookieHeader = sources.headers.cookie?.join('; ');
    for (const name of config.cookieNames) {
      const value = cookieHeader === undefined ? undefined : cookie(cookieHeader, name);
      if (value) tokens.add(value);
    }
  }
  for (const name of config.headerNames) {
    const value = sources.headers[name]?.[0];
    const token = value === undefined ? undefined : bearerToken(value);
    if (token !== undefined) tokens.add(token);
  }
  if (tokens.size === 0) return { kind: 'none' };
  if (tokens.size > 1) return { kind: 'several' };
  const [token] = tokens;
  return token === true ? { kind: 'unrecognizable' } : { kind: 'one', token };
}

/** ngx.req.get_uri_args: "+" and %XX decoded in names and values; a name without "=" is the boolean true. */
export function queryArgs(rawQuery: string): Map<string, (string | true)[]> {
  const args = new Map<string, (string | true)[]>();
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = unescape(eq === -1 ? part : part.slice(0, eq));
    if (name === '') continue;
    const value: string | true = eq === -1 ? true : unescape(part.slice(eq + 1));
    const list = args.get(name);
    if (list) list.push(value);
    else args.set(name, [value]);
  }
  return args;
}

/** nginx's $cookie_<name>: the first cookie of that name (compared case-insensitively), its raw value. */
export function cookie(header: string, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    if (pair.slice(0, eq).trim().toLowerCase() === wanted) return pair.slice(eq + 1).trim();
  }
  return undefined;
}

function unescape(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // nginx leaves a malformed escape as it is
    return spaced.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}
