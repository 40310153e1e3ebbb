import { growthRatio } from '@taskhub/platform-testing';
import { bearerTokenOf } from './authorization-header';

/** passport-jwt's reading (lib/auth_header.js), the behaviour services had: scheme and value are the first two words. */
const PASSPORT_PATTERN = /(\S+)\s+(\S+)/;
const passport = (value: string): string | undefined => {
  const match = PASSPORT_PATTERN.exec(value);
  return match !== null && match[1].toLowerCase() === 'bearer' ? match[2] : undefined;
};

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe(bearerTokenOf.name, () => {
  it('should read the token of a Bearer header, the scheme in any case', () => {
    expect(bearerTokenOf('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerTokenOf('bearer \t abc')).toBe('abc');
    expect(bearerTokenOf('BEARER abc extra')).toBe('abc');
    expect(bearerTokenOf('  Bearer abc')).toBe('abc');
  });

  it('should read nothing from another scheme, a lone word or no header', () => {
    expect(bearerTokenOf('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerTokenOf('Bearer')).toBeUndefined();
    expect(bearerTokenOf('Bearerabc')).toBeUndefined();
    expect(bearerTokenOf('')).toBeUndefined();
    expect(bearerTokenOf(undefined)).toBeUndefined();
  });

  it("should agree with passport-jwt's reading on every one of 50,000 random values", () => {
    const alphabet = ['B', 'b', 'E', 'e', 'a', 'r', ' ', ' ', '\t', '\u00a0', 'x', '.'];
    const next = random(23);
    for (let i = 0; i < 50_000; i++) {
      let value = '';
      const length = Math.floor(next() * 20);
      for (let j = 0; j < length; j++) value += alphabet[Math.floor(next() * alphabet.length)];
      if (bearerTokenOf(value) !== passport(value)) throw new Error(`differs from passport-jwt on ${JSON.stringify(value)}`);
    }
  });

  // passport-jwt's unanchored /(\S+)\s+(\S+)/ retries from every position: a header of n letters without a space
  // cost n²/2 steps (16,000: about 190 ms of the service's event loop)
  it.each([
    ['one long word', (n: number) => 'a'.repeat(n)],
    ['one word, then spaces', (n: number) => `Bearer${' '.repeat(n)}`],
    ['spaces, then one word', (n: number) => `${' '.repeat(n)}a`],
    ['words and spaces', (n: number) => 'a '.repeat(Math.ceil(n / 2))],
  ])('should take time linear in the length of %s (4 times the input: under 8 times the time)', (_name, make) => {
    expect(growthRatio(make, bearerTokenOf, { size: 8_000, factor: 4, samples: 3 })).toBeLessThan(8);
  });
});
