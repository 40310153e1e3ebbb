import { parseAddress, parseAddressList } from './address-list';

describe(parseAddressList.name, () => {
  it('should match addresses and CIDR ranges, IPv4 and IPv6, and IPv4-mapped IPv6 as IPv4', () => {
    const list = parseAddressList('172.30.0.10, 10.0.0.0/8, fd00::/8', { variable: 'TRUSTED' });

    expect(['172.30.0.10', '10.1.2.3', '::ffff:10.9.9.9', 'fd12::1'].map(list)).toEqual([true, true, true, true]);
    expect(['172.30.0.11', '11.0.0.1', '::1', 'fe80::1', 'not an address', ''].map(list)).toEqual([false, false, false, false, false, false]);
  });

  it('should know the named ranges only where asked to', () => {
    const named = parseAddressList('loopback,uniquelocal', { variable: 'TRUSTED_PROXIES', namedRanges: true });

    expect(['127.0.0.1', '127.0.0.2', '::1', '192.168.1.1', '172.16.0.1', '8.8.8.8'].map(named)).toEqual([true, true, true, true, true, false]);
    expect(() => parseAddressList('loopback', { variable: 'KONG_TRUSTED_IPS' })).toThrow('KONG_TRUSTED_IPS: "loopback" is not an IP address or a CIDR range');
  });

  it('should match nothing when empty, everything with 0.0.0.0/0 and ::/0', () => {
    expect(parseAddressList(' ', { variable: 'X' })('127.0.0.1')).toBe(false);
    const all = parseAddressList('0.0.0.0/0, ::/0', { variable: 'X' });
    expect(['1.2.3.4', '2001:db8::1'].map(all)).toEqual([true, true]);
  });

  it('should refuse what is neither an address nor a range, naming the variable and the entry', () => {
    for (const entry of ['unix:', '10.0.0.0/33', '127.1', 'kong', '10.0.0.0/x', '::1/129']) {
      expect(() => parseAddressList(`127.0.0.1, ${entry}`, { variable: 'V', namedRanges: true })).toThrow(`V: "${entry}" is not`);
    }
  });
});

describe(parseAddress.name, () => {
  it('should read four-part IPv4 and IPv6 addresses only', () => {
    expect(parseAddress('10.0.0.1')?.toString()).toBe('10.0.0.1');
    expect(parseAddress('::ffff:127.0.0.1')?.toString()).toBe('127.0.0.1');
    expect(parseAddress('2001:db8::1')?.kind()).toBe('ipv6');
    expect([parseAddress('127.1'), parseAddress('0x7f000001'), parseAddress('10.0.0.1:80'), parseAddress('')]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
