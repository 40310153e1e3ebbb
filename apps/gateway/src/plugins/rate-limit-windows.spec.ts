import { decide, windowStart } from './rate-limit-windows';

const at = Date.UTC(2026, 10, 22, 10, 15, 42, 500); // 10:15:42.500 UTC

describe(decide.name, () => {
  it('should start fixed windows on UTC boundaries like Kong', () => {
    expect(windowStart('minute', at)).toBe(Date.UTC(2026, 10, 22, 10, 15));
    expect(windowStart('hour', at)).toBe(Date.UTC(2026, 10, 22, 10));
    expect(windowStart('day', at)).toBe(Date.UTC(2026, 10, 22));
    expect(windowStart('month', at)).toBe(Date.UTC(2026, 10, 1));
    expect(windowStart('year', at)).toBe(Date.UTC(2026, 0, 1));
  });

  it('should count the current request in Remaining and give the seconds left in the window as Reset', () => {
    const d = decide([{ period: 'minute', limit: 5, used: 0 }], at, false);
    expect(d.stop).toBeUndefined();
    expect(d.headers).toEqual([
      'X-RateLimit-Limit-Minute', '5', 'X-RateLimit-Remaining-Minute', '4',
      'RateLimit-Limit', '5', 'RateLimit-Remaining', '4', 'RateLimit-Reset', '18',
    ]);
  });

  it('should stop once the limit is used up, with Remaining 0', () => {
    const d = decide([{ period: 'minute', limit: 5, used: 5 }], at, false);
    expect(d.stop).toBe('minute');
    expect(d.reset).toBe(18);
    expect(d.headers).toContain('0');
  });

  it('should describe the most constrained period in RateLimit-*', () => {
    const d = decide([{ period: 'second', limit: 10, used: 1 }, { period: 'hour', limit: 100, used: 98 }], at, false);
    const header = (name: string): string => d.headers[d.headers.indexOf(name) + 1];
    expect(header('RateLimit-Limit')).toBe('100');
    expect(header('RateLimit-Remaining')).toBe('1');
    expect(header('RateLimit-Reset')).toBe(String(3600 - (15 * 60 + 42)));
    expect(header('X-RateLimit-Remaining-Second')).toBe('8');
  });

  it('should never report a Reset below one second', () => {
    const endOfMinute = Date.UTC(2026, 10, 22, 10, 15, 59, 999);
    expect(decide([{ period: 'minute', limit: 1, used: 1 }], endOfMinute, false).reset).toBe(1);
  });

  it('should add no headers when hide_client_headers is set', () => {
    expect(decide([{ period: 'minute', limit: 1, used: 0 }], at, true).headers).toEqual([]);
  });
});
