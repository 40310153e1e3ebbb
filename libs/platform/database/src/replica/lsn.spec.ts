import { parseLsn } from './lsn';

describe(parseLsn.name, () => {
  it('should read both halves of a WAL position as one byte count', () => {
    expect(parseLsn('0/3000028')).toBe(0x3000028n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
  });

  it('should order positions across the 32-bit boundary', () => {
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
  });

  it('should refuse anything else, naming it', () => {
    expect(() => parseLsn('16-B374D848')).toThrow('not a WAL position: "16-B374D848"');
  });
});
