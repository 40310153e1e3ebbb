import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Whether an address (as a socket or a header gives it) is in a list of addresses and ranges. */
export type AddressList = (address: string) => boolean;

/** The range names Fastify's trustProxy (proxy-addr) knows, which TRUSTED_PROXIES kept accepting. */
const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

export interface AddressListOptions {
  /** the variable the list comes from, for the error message */
  readonly variable: string;
  /** accept `loopback`, `linklocal` and `uniquelocal` too */
  readonly namedRanges?: boolean;
}

/**
 * Parses a comma-separated list of IPv4/IPv6 addresses and CIDR ranges (`10.0.0.7, 172.30.0.0/24, ::1`), refusing
 * anything else with an error that names the variable and the entry. An empty list matches nothing.
 */
export function parseAddressList(value: string, options: AddressListOptions): AddressList {
  const ranges: [Address, number][] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const named = options.namedRanges ? NAMED_RANGES[entry] : undefined;
    if (named) ranges.push(...named.map((cidr) => ipaddr.parseCIDR(cidr)));
    else ranges.push(parseRange(entry, options));
  }
  if (ranges.length === 0) return () => false;
  return (address) => {
    const ip = parseAddress(address);
    return ip !== undefined && ranges.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits));
  };
}

/**
 * An IPv4 address in its four-part decimal form or an IPv6 address (an IPv4-mapped one, `::ffff:a.b.c.d`, read as
 * the IPv4 address it maps), or undefined for anything else (`127.1` and `0x7f000001` included).
 */
export function parseAddress(address: string): Address | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(address) && !ipaddr.IPv6.isValid(address)) return undefined;
  return ipaddr.process(address);
}

function parseRange(entry: string, options: AddressListOptions): [Address, number] {
  const slash = entry.indexOf('/');
  const address = parseAddress(slash === -1 ? entry : entry.slice(0, slash));
  const bits = slash === -1 ? undefined : entry.slice(slash + 1);
  const maxBits = address?.kind() === 'ipv4' ? 32 : 128;
  if (address !== undefined && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits))) {
    return [address, bits === undefined ? maxBits : Number(bits)];
  }
  const accepted = options.namedRanges ? 'an IP address, a CIDR range, loopback, linklocal or uniquelocal' : 'an IP address or a CIDR range';
  throw new Error(`${options.variable}: "${entry}" is not ${accepted}`);
}
