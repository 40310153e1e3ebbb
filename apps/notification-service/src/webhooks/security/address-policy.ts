import ipaddr from 'ipaddr.js';

/** Host names of cloud metadata services, refused whatever they resolve to (their addresses are refused as well). */
export const METADATA_HOSTNAMES: ReadonlySet<string> = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);

/** Where a webhook may not be delivered, and why (the reason is the `range` of WEBHOOK.ADDRESS_FORBIDDEN). */
export type ForbiddenRange = 'loopback' | 'private' | 'link-local' | 'multicast' | 'unspecified' | 'metadata' | 'reserved';

/** Cloud metadata endpoints (AWS, GCP, Azure, ... IPv4; AWS's IPv6): named apart from the rest of their range. */
const METADATA_ADDRESSES: ReadonlySet<string> = new Set(['169.254.169.254', 'fd00:ec2::254']);

/** ipaddr.js's range names, as the reasons they are refused for (any other special range: `reserved`). */
const SPECIAL_RANGES: Readonly<Record<string, ForbiddenRange>> = {
  private: 'private',
  uniqueLocal: 'private',
  carrierGradeNat: 'private',
  linkLocal: 'link-local',
  multicast: 'multicast',
  broadcast: 'multicast',
  unspecified: 'unspecified',
};

/**
 * The SSRF rule (OWASP API7) on one IP address: only public unicast addresses are allowed, so loopback, private
 * (RFC 1918, fc00::/7, 100.64/10), link-local (169.254/16, fe80::/10), multicast, unspecified, metadata and every
 * other special-purpose range (broadcast, reserved, 6to4, Teredo, NAT64...) are refused. An IPv4-mapped IPv6 address
 * is judged as the IPv4 address it maps. `allowLoopback` is the test-only exception (WEBHOOK_ALLOW_LOOPBACK).
 * Returns undefined when the address is allowed.
 */
export function forbiddenRange(address: string, options: { allowLoopback: boolean }): ForbiddenRange | undefined {
  if (!ipaddr.isValid(address)) return 'reserved';
  const ip = ipaddr.process(address); // ::ffff:a.b.c.d → a.b.c.d
  if (METADATA_ADDRESSES.has(ip.toNormalizedString()) || METADATA_ADDRESSES.has(ip.toString())) return 'metadata';
  const range = ip.range();
  if (range === 'unicast') return undefined;
  if (range === 'loopback') return options.allowLoopback ? undefined : 'loopback';
  return SPECIAL_RANGES[range] ?? 'reserved';
}

/** `[::1]` → `::1`: the host of a URL as an IP address, or undefined when it is a name. */
export function ipLiteralOf(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) && (bare.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? bare : undefined;
}
