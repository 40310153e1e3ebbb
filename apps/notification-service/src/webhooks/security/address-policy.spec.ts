import { forbiddenRange, ipLiteralOf } from './address-policy';

const STRICT = { allowLoopback: false };

describe(forbiddenRange.name, () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['240.0.0.1', 'reserved'],
    ['64:ff9b::a00:1', 'reserved'],
    ['2002:a00:1::', 'reserved'],
    ['not an address', 'reserved'],
  ])('should refuse %s as %s', (address, range) => {
    expect(forbiddenRange(address, STRICT)).toBe(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('should allow the public address %s', (address) => {
    expect(forbiddenRange(address, STRICT)).toBeUndefined();
  });

  it('should let loopback, and only loopback, through the test-only setting', () => {
    const tests = { allowLoopback: true };
    expect([forbiddenRange('127.0.0.1', tests), forbiddenRange('::1', tests)]).toEqual([undefined, undefined]);
    expect([forbiddenRange('10.0.0.1', tests), forbiddenRange('169.254.169.254', tests)]).toEqual(['private', 'metadata']);
  });
});

describe(ipLiteralOf.name, () => {
  it('should read IP hosts of URLs and leave names alone', () => {
    expect([ipLiteralOf('[::1]'), ipLiteralOf('10.0.0.1'), ipLiteralOf('hooks.example.com'), ipLiteralOf('localhost')]).toEqual(['::1', '10.0.0.1', undefined, undefined]);
  });
});
