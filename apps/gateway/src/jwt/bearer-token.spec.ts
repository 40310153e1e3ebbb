import { growthRatio } from '@taskhub/platform-testing';
import { bearerToken } from './bearer-token';

/**
 * Kong's pattern (kong/plugins/jwt/handler.lua) as PCRE runs it: `\s` is [\t\n\v\f\r ] there (no Unicode spaces),
 * which is what the characters below exercise; JavaScript's `\s` would also take U+00A0.
 */
const KONG_PATTERN = /[\t\n\v\f\r ]*[Bb]earer[\t\n\v\f\r ]+(.+)/;
const kong = (value: string): string | undefined => {
  const match = KONG_PATTERN.exec(value);
  return match === null || match[1] === '' ? undefined : match[1];
};

/** A small deterministic generator (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe(bearerToken.name, () => {
  it('should read what follows the first Bearer and its whitespace', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer  \t abc def')).toBe('abc def');
    expect(bearerToken('  Bearer x')).toBe('x');
    expect(bearerToken('Basic Bearer x')).toBe('x'); // the word is matched anywhere, as Kong does
    expect(bearerToken('xBearer y')).toBe('y');
    expect(bearerToken('Bearerx Bearer y')).toBe('y');
    expect(bearerToken('BEARER x')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken('Bearer  ')).toBe(' '); // `\s+` gives one back to `(.+)`
    expect(bearerToken('')).toBeUndefined();
  });

  it("should agree with Kong's pattern on every one of 50,000 random values of bearer letters and whitespace", () => {
    const alphabet = ['B', 'b', 'e', 'a', 'r', ' ', ' ', '\t', '\v', 'x', '.'];
    const next = random(17);
    for (let i = 0; i < 50_000; i++) {
      let value = '';
      const length = Math.floor(next() * 24);
      for (let j = 0; j < length; j++) value += alphabet[Math.floor(next() * alphabet.length)];
      if (bearerToken(value) !== kong(value)) throw new Error(`differs from Kong on ${JSON.stringify(value)}`);
    }
  });

  // The review's header, "a" + spaces + "a", held the event loop for seconds with the backtracking regex; the others
  // are the parser's own worst cases (a candidate word at every position, whitespace with no word)
  it.each([
    ['"a", spaces, "a"', (n: number) => `a${' '.repeat(n)}a`],
    ['"Bearer" repeated', (n: number) => 'Bearer'.repeat(Math.ceil(n / 6))],
    ['"Bearer" and spaces, repeated', (n: number) => 'Bearer '.repeat(Math.ceil(n / 7))],
    ['spaces only', (n: number) => ' '.repeat(n)],
  ])('should take time linear in the length of %s (4 times the input: under 8 times the time)', (_name, make) => {
    expect(growthRatio(make, bearerToken, { size: 8_000, factor: 4, samples: 3 })).toBeLessThan(8);
  });
});
