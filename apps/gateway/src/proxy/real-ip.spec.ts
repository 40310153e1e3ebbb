import { type IncomingMessage } from 'node:http';
import { parseAddressList } from '@taskhub/platform-net';
import { growthRatio } from '@taskhub/platform-testing';
import { clientAddressOf, forwardedAddress, type RealIpSettings } from './real-ip';

const settings = (trusted: string, header = 'x-forwarded-for', recursive = false): RealIpSettings => ({
  trusted: parseAddressList(trusted, { variable: 'KONG_TRUSTED_IPS' }),
  header,
  recursive,
});

function request(remoteAddress: string, headers: Record<string, string[]>): IncomingMessage {
  const joined = Object.fromEntries(Object.entries(headers).map(([name, lines]) => [name, lines.join(', ')]));
  return { socket: { remoteAddress }, headers: joined, headersDistinct: headers } as unknown as IncomingMessage;
}

describe(clientAddressOf.name, () => {
  it('should take the peer, whatever it wrote, when no address is trusted (Kong’s default)', () => {
    const req = request('::ffff:198.51.100.4', { 'x-forwarded-for': ['1.2.3.4'], 'x-real-ip': ['5.6.7.8'] });

    expect(clientAddressOf(req, settings(''))).toEqual({ peer: '198.51.100.4', peerTrusted: false, address: '198.51.100.4' });
    expect(clientAddressOf(req, settings('', 'x-real-ip')).address).toBe('198.51.100.4');
  });

  it('should believe the header of a trusted peer only', () => {
    const lb = settings('10.0.0.0/8', 'x-real-ip');

    expect(clientAddressOf(request('10.0.0.2', { 'x-real-ip': ['203.0.113.9'] }), lb)).toEqual({ peer: '10.0.0.2', peerTrusted: true, address: '203.0.113.9' });
    expect(clientAddressOf(request('192.0.2.1', { 'x-real-ip': ['203.0.113.9'] }), lb).address).toBe('192.0.2.1');
    expect(clientAddressOf(request('10.0.0.2', {}), lb).address).toBe('10.0.0.2');
  });

  it('should read every X-Forwarded-For line, the last one last', () => {
    const req = request('10.0.0.2', { 'x-forwarded-for': ['203.0.113.9', '198.51.100.7'] });

    expect(clientAddressOf(req, settings('10.0.0.0/8')).address).toBe('198.51.100.7');
  });
});

describe(forwardedAddress.name, () => {
  const peer = '10.0.0.2';

  it('should take the last entry without recursion, whatever it is', () => {
    expect(forwardedAddress(peer, '203.0.113.9, 10.0.0.3', settings('10.0.0.0/8'))).toBe('10.0.0.3');
  });

  it('should skip trusted entries from the right with recursion, and stop at the first untrusted one', () => {
    const recursive = settings('10.0.0.0/8', 'x-forwarded-for', true);

    expect(forwardedAddress(peer, '198.51.100.1, 203.0.113.9, 10.0.0.3, 10.0.0.4', recursive)).toBe('203.0.113.9');
    expect(forwardedAddress(peer, '10.0.0.5, 10.0.0.3', recursive)).toBe('10.0.0.5');
  });

  it('should read addresses with a port, IPv6 in brackets, and stop at an entry that is not an address', () => {
    const recursive = settings('10.0.0.0/8', 'x-forwarded-for', true);

    expect(forwardedAddress(peer, '203.0.113.9:4711', recursive)).toBe('203.0.113.9');
    expect(forwardedAddress(peer, '[2001:db8::1]:443', recursive)).toBe('2001:db8::1');
    expect(forwardedAddress(peer, '2001:db8::2 ,, ', recursive)).toBe('2001:db8::2');
    expect(forwardedAddress(peer, 'unknown, 10.0.0.3', recursive)).toBe('10.0.0.3');
    expect(forwardedAddress(peer, 'unknown', recursive)).toBe(peer);
    expect(forwardedAddress(peer, '', recursive)).toBe(peer);
  });

  it('should take time linear in the length of the header (4 times the entries: under 8 times the time)', () => {
    const recursive = settings('10.0.0.0/8', 'x-forwarded-for', true);
    const trustedChain = (n: number): string => Array.from({ length: Math.ceil(n / 10) }, (_, i) => `10.0.${(i >> 8) & 255}.${i & 255}`).join(',');

    expect(growthRatio(trustedChain, (value) => forwardedAddress(peer, value, recursive), { size: 8_000, factor: 4, samples: 3 })).toBeLessThan(8);
  });
});
