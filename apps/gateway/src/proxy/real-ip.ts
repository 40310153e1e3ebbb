import { type IncomingMessage } from 'node:http';
import { type AddressList, parseAddress } from '@taskhub/platform-net';

/**
 * Kong's real-IP settings (kong.conf `trusted_ips`, `real_ip_header`, `real_ip_recursive`; nginx's realip module,
 * `set_real_ip_from` = trusted_ips). Read from the same KONG_* variables as Kong itself.
 */
export interface RealIpSettings {
  /** peers whose `header` is believed; none by default, as Kong */
  readonly trusted: AddressList;
  /** lower-case; `x-real-ip` by default, as Kong */
  readonly header: string;
  /** off: the last address of the header; on: the last one that is not trusted */
  readonly recursive: boolean;
}

/** The client as the edge sees it. */
export interface ClientAddress {
  /** the socket's peer (nginx $realip_remote_addr), IPv4-mapped IPv6 shown as IPv4 */
  readonly peer: string;
  readonly peerTrusted: boolean;
  /** the client's address (nginx $remote_addr): the peer unless a trusted peer named another in the header */
  readonly address: string;
}

const SPACE = 32;
const COMMA = 44;

/** Resolves the client of one request the way nginx's realip module does (ngx_http_get_forwarded_addr). */
export function clientAddressOf(req: IncomingMessage, settings: RealIpSettings): ClientAddress {
  const peer = peerAddress(req.socket.remoteAddress);
  const peerTrusted = settings.trusted(peer);
  if (!peerTrusted) return { peer, peerTrusted, address: peer };
  // X-Forwarded-For: every line, joined (nginx reads them all); any other header: its first line
  const lines = req.headersDistinct[settings.header];
  const value = settings.header === 'x-forwarded-for' ? lines?.join(', ') : lines?.[0];
  return { peer, peerTrusted, address: value === undefined ? peer : forwardedAddress(peer, value, settings) };
}

/**
 * From the right of `value` (entries separated by spaces or commas): the last entry replaces a trusted peer; with
 * `recursive`, each entry that is itself trusted is replaced by the one before it. An entry that is not an address
 * (with or without a port) stops the walk at the address found so far. Each character is read once.
 */
export function forwardedAddress(peer: string, value: string, settings: RealIpSettings): string {
  let address = peer;
  let end = value.length;
  while (settings.trusted(address)) {
    while (end > 0 && isSeparator(value.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && !isSeparator(value.charCodeAt(start - 1))) start--;
    if (start === end) break;
    const entry = withoutPort(value.slice(start, end));
    if (entry === undefined) break;
    address = entry;
    if (!settings.recursive) break;
    end = start;
  }
  return address;
}

/** The client address as Kong reports it (IPv4-mapped IPv6 shown as IPv4). */
export function peerAddress(remote: string | undefined): string {
  if (!remote) return '';
  return remote.startsWith('::ffff:') ? remote.slice(7) : remote;
}

function isSeparator(code: number): boolean {
  return code === SPACE || code === COMMA;
}

/** `a.b.c.d`, `a.b.c.d:port`, an IPv6 address or `[v6]:port` (nginx's ngx_parse_addr_port), as an address. */
function withoutPort(entry: string): string | undefined {
  let host = entry;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(entry);
  if (bracketed) host = bracketed[1];
  else if (entry.indexOf(':') === entry.lastIndexOf(':') && /^[\d.]+:\d{1,5}$/.test(entry)) host = entry.slice(0, entry.indexOf(':'));
  const address = parseAddress(host);
  return address === undefined ? undefined : address.toString();
}
