import { type LookupAddress } from 'node:dns';
import { ForbiddenAddressError } from './forbidden-address.error';
import { checkHost, guardedLookup, type LookupFunction } from './guarded-lookup';

/** A resolver with fixed answers, in place of DNS (the rule is under test, not the resolver). */
function resolver(answers: Record<string, LookupAddress[]>) {
  return (hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) =>
    answers[hostname] ? callback(null, answers[hostname]) : callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
}

const ANSWERS = {
  'public.example': [{ address: '93.184.215.14', family: 4 }],
  'rebound.example': [
    { address: '93.184.215.14', family: 4 },
    { address: '10.0.0.7', family: 4 },
  ],
  'v6.example': [{ address: 'fe80::1', family: 6 }],
};

const single = (lookup: LookupFunction, hostname: string) =>
  new Promise<[string, number | undefined]>((resolve, reject) => lookup(hostname, {}, (error, address, family) => (error ? reject(error) : resolve([address as string, family]))));

describe(guardedLookup.name, () => {
  const lookup = guardedLookup({ allowLoopback: false }, resolver(ANSWERS));

  it('should answer a public host in both shapes net.connect asks for', async () => {
    expect(await single(lookup, 'public.example')).toEqual(['93.184.215.14', 4]);
    expect(await checkHost(lookup, 'public.example')).toEqual([{ address: '93.184.215.14', family: 4 }]);
  });

  it('should refuse a host when any of its addresses is forbidden', async () => {
    await expect(single(lookup, 'rebound.example')).rejects.toEqual(new ForbiddenAddressError('rebound.example', '10.0.0.7', 'private'));
    await expect(checkHost(lookup, 'v6.example')).rejects.toEqual(new ForbiddenAddressError('v6.example', 'fe80::1', 'link-local'));
  });

  it('should refuse metadata host names without resolving them', async () => {
    await expect(single(lookup, 'Metadata.Google.Internal.')).rejects.toBeInstanceOf(ForbiddenAddressError);
  });

  it("should pass the resolver's own error on", async () => {
    await expect(single(lookup, 'nowhere.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});
