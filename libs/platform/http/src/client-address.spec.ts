import { type IncomingMessage } from 'node:http';
import { parseAddressList } from '@taskhub/platform-net';
import { clientAddressOf } from './client-address';

const gateway = parseAddressList('172.30.0.250', { variable: 'TRUSTED_PROXIES' });
const request = (remoteAddress: string, headers: Record<string, string> = {}): IncomingMessage => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe(clientAddressOf.name, () => {
  it('should take the address the gateway names in X-Real-IP when the gateway itself is the peer', () => {
    expect(clientAddressOf(request('172.30.0.250', { 'x-real-ip': '203.0.113.9' }), gateway)).toBe('203.0.113.9');
    expect(clientAddressOf(request('::ffff:172.30.0.250', { 'x-real-ip': ' 2001:db8::1 ' }), gateway)).toBe('2001:db8::1');
  });

  it('should take the peer when it is not a trusted proxy, whatever it wrote', () => {
    const spoofing = { 'x-real-ip': '203.0.113.9', 'x-forwarded-for': '198.51.100.1, 172.30.0.250' };

    expect(clientAddressOf(request('172.30.0.1', spoofing), gateway)).toBe('172.30.0.1');
    expect(clientAddressOf(request('::ffff:10.1.2.3', spoofing), gateway)).toBe('10.1.2.3');
  });

  it('should never read X-Forwarded-For, even from the gateway', () => {
    expect(clientAddressOf(request('172.30.0.250', { 'x-forwarded-for': '198.51.100.1' }), gateway)).toBe('172.30.0.250');
  });

  it('should fall back to the peer on an X-Real-IP that is not one address', () => {
    for (const value of ['203.0.113.9, 198.51.100.1', 'unknown', '203.0.113.9:443', '']) {
      expect(clientAddressOf(request('172.30.0.250', { 'x-real-ip': value }), gateway)).toBe('172.30.0.250');
    }
  });
});
