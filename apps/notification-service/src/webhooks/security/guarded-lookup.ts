import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { forbiddenRange, METADATA_HOSTNAMES } from './address-policy';
import { ForbiddenAddressError } from './forbidden-address.error';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** `dns.lookup`'s shape, as `net.connect({ lookup })` calls it (with `all: true` when it tries several addresses). */
export type LookupFunction = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;
type Resolve = (hostname: string, options: LookupOptions & { all: true }, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * A `lookup` for sockets that refuses a host when ANY address it resolves to is forbidden (address-policy.ts). Given
 * to the connector of the delivery agent, it judges the very addresses the socket connects to: no window between a
 * check and the connection for DNS rebinding. `resolve` is `dns.lookup` (tests give a resolver of their own).
 */
export function guardedLookup(options: { allowLoopback: boolean }, resolve: Resolve = dnsLookup): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    if (METADATA_HOSTNAMES.has(hostname.toLowerCase().replace(/\.$/, ''))) {
      callback(new ForbiddenAddressError(hostname, hostname, 'metadata'), []);
      return;
    }
    resolve(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.map((a) => ({ address: a.address, range: forbiddenRange(a.address, options) })).find((a) => a.range !== undefined);
      if (refused?.range) return callback(new ForbiddenAddressError(hostname, refused.address, refused.range), []);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      if (lookupOptions.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** The addresses of a host if every one is allowed; throws ForbiddenAddressError, or the resolver's error (ENOTFOUND...). */
export function checkHost(lookup: LookupFunction, hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    lookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses as LookupAddress[])));
  });
}
