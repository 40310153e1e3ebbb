import { type IncomingMessage } from 'node:http';
import { type AddressList, parseAddress, parseAddressList } from '@taskhub/platform-net';
import { type FastifyInstance } from './fastify-types';

/** The header in which the gateway names the client: Kong's `X-Real-IP` ($remote_addr after its trusted_ips). */
export const REAL_IP_HEADER = 'x-real-ip';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The client's address as the edge saw it, which per-IP limits count: the X-Real-IP of a trusted proxy (the
     * gateway hop itself, TRUSTED_PROXIES), otherwise the socket's peer. Not `request.ip`, which is always the peer.
     */
    readonly clientIp: string;
  }
}

/**
 * Whom a request comes from. X-Forwarded-For is never read: Kong passes on whatever list the client started, and
 * the only entries Kong writes itself are its own peer (last) and, in X-Real-IP, the client it resolved from its
 * `trusted_ips` and `real_ip_header`. X-Real-IP counts only from an immediate peer in `trustedProxies`, and only as
 * one address (two X-Real-IP lines, joined by Node, are not one address): anything else falls back to the peer.
 */
export function clientAddressOf(raw: IncomingMessage, trustedProxies: AddressList): string {
  const peer = peerAddress(raw.socket.remoteAddress);
  if (!trustedProxies(peer)) return peer;
  const named = raw.headers[REAL_IP_HEADER];
  const address = typeof named === 'string' ? parseAddress(named.trim()) : undefined;
  return address === undefined ? peer : address.toString();
}

/** Decorates every request of the app with `clientIp` (see above), trusting TRUSTED_PROXIES. */
export function registerClientAddress(fastify: FastifyInstance, trustedProxies: string): void {
  const trusted = parseAddressList(trustedProxies, { variable: 'TRUSTED_PROXIES', namedRanges: true });
  fastify.decorateRequest('clientIp', {
    getter(this: { raw: IncomingMessage }): string {
      return clientAddressOf(this.raw, trusted);
    },
  });
}

/** A socket's peer, IPv4-mapped IPv6 (`::ffff:a.b.c.d`) shown as IPv4. */
function peerAddress(remote: string | undefined): string {
  if (!remote) return '';
  return remote.startsWith('::ffff:') ? remote.slice(7) : remote;
}
