import { assertNamespaceName, entryKeys, jitteredTtlMs } from './cache-entry';

describe(jitteredTtlMs.name, () => {
  it('should spread the TTL by ±10 %', () => {
    expect(jitteredTtlMs(300, () => 0)).toBe(270_000);
    expect(jitteredTtlMs(300, () => 0.5)).toBe(300_000);
    expect(jitteredTtlMs(300, () => 0.999_999)).toBe(330_000);
  });

  it('should stay within the bounds over many draws', () => {
    const draws = Array.from({ length: 1000 }, () => jitteredTtlMs(60));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(54_000);
    expect(Math.max(...draws)).toBeLessThanOrEqual(66_000);
    expect(new Set(draws).size).toBeGreaterThan(100);
  });
});

describe(entryKeys.name, () => {
  it('should name the value and version keys of an id in one hash slot', () => {
    expect(entryKeys('profile', '42')).toEqual({ value: 'cache:{profile:42}:value', version: 'cache:{profile:42}:version' });
  });
});

describe(assertNamespaceName.name, () => {
  it.each(['profile', 'task_list', 'v2-profile'])('should accept %s', (name) => {
    expect(assertNamespaceName(name)).toBe(name);
  });

  it.each(['', 'Profile', 'a:b', 'a b', 'a{b}'])('should refuse "%s"', (name) => {
    expect(() => assertNamespaceName(name)).toThrow(`invalid cache namespace "${name}": use [a-z0-9_-]+`);
  });
});
