import { type IncomingHttpHeaders } from 'node:http';
import { type ClientAddress } from './real-ip';

/** Hop-by-hop headers (RFC 9110 7.6.1) and those undici sets itself: never copied from one side to the other. */
export const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/** Request headers the gateway sets itself, from the client's only when it is a trusted proxy (Kong's trusted_ips). */
const REQUEST_OVERRIDDEN: ReadonlySet<string> = new Set([
  'host',
  'expect',
  'x-real-ip',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-path',
  'x-forwarded-prefix',
]);

export interface ForwardedValues {
  /** the client as the realip settings resolve it */
  readonly client: ClientAddress;
  readonly listenPort: string;
  readonly rawPath: string;
  /** the prefix strip_path removed, if any */
  readonly strippedPrefix: string | undefined;
  readonly correlationHeader: string | undefined;
  readonly correlationId: string | undefined;
  /** headers the jwt plugin sets for a verified token, [name, value, ...] */
  readonly identity: readonly string[] | undefined;
  /** lower-case client headers never passed on: those the jwt plugin sets or clears, and request-transformer's removals */
  readonly drop: ReadonlySet<string> | undefined;
  /** request-transformer remove.headers (lower-case); they also remove what the jwt plugin set, as in Kong's order */
  readonly remove: ReadonlySet<string> | undefined;
}

/**
 * The headers sent upstream as a flat [name, value, ...] list: the client's end-to-end headers (less the dropped
 * ones), the jwt plugin's identity headers (less request-transformer's removals), then Kong's X-Real-IP /
 * X-Forwarded-* and the correlation id. Index 1 holds the Host value, patched per attempt.
 *
 * X-Real-IP is the client address the gateway resolved ($remote_addr). From a trusted proxy, X-Forwarded-For is its
 * list with the proxy appended and the other X-Forwarded-* are passed on when present, as Kong does. From anyone
 * else, what the client wrote is dropped (Kong would append to its X-Forwarded-For: the gateway does not let a client
 * put any address in front of a service) and X-Forwarded-For is the resolved address alone.
 */
export function upstreamRequestHeaders(headers: IncomingHttpHeaders, f: ForwardedValues): (string | string[])[] {
  const out: (string | string[])[] = ['host', ''];
  const correlationKey = f.correlationHeader;
  const drop = f.drop;
  for (const name in headers) {
    if (HOP_BY_HOP.has(name) || REQUEST_OVERRIDDEN.has(name) || name === correlationKey || drop?.has(name)) continue;
    const value = headers[name];
    if (value !== undefined) out.push(name, value);
  }
  const identity = f.identity;
  if (identity) {
    for (let i = 0; i < identity.length; i += 2) if (!f.remove?.has(identity[i].toLowerCase())) out.push(identity[i], identity[i + 1]);
  }
  const client = f.client;
  const proxied = client.peerTrusted ? headers : NOT_PROXIED;
  const xff = given(proxied['x-forwarded-for']);
  out.push(
    'x-real-ip',
    client.address,
    'x-forwarded-for',
    xff ? `${xff}, ${client.peer}` : client.address,
    'x-forwarded-proto',
    given(proxied['x-forwarded-proto']) ?? 'http',
    'x-forwarded-host',
    given(proxied['x-forwarded-host']) ?? hostWithoutPort(headers.host),
    'x-forwarded-port',
    given(proxied['x-forwarded-port']) ?? f.listenPort,
    'x-forwarded-path',
    given(proxied['x-forwarded-path']) ?? f.rawPath,
  );
  const prefix = given(proxied['x-forwarded-prefix']) ?? f.strippedPrefix;
  if (prefix) out.push('x-forwarded-prefix', prefix);
  if (correlationKey !== undefined && f.correlationId !== undefined) out.push(correlationKey, f.correlationId);
  return out;
}

function hostWithoutPort(host: string | undefined): string {
  if (!host) return '';
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

const NOT_PROXIED: IncomingHttpHeaders = {};

/** A header's value as nginx's $http_* has it (several lines joined with ", ", as Node joins them), if not empty. */
function given(value: string | string[] | undefined): string | undefined {
  const joined = Array.isArray(value) ? value.join(', ') : value;
  return joined === '' ? undefined : joined;
}
