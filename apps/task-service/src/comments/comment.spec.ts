import { excerptOf, mentionsIn } from './comment';

describe(mentionsIn.name, () => {
  const a = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5e';
  const b = '0190f5c2-7a4e-7cc1-9d2b-3f1a2b3c4d5f';

  it('should find each mentioned id once, in order of first appearance, lower-cased', () => {
    expect(mentionsIn(`@[Bea](${b}) asks @[Ada](${a.toUpperCase()}) and @[Bea again](${b})`)).toEqual([b, a]);
  });

  it('should ignore what only looks like a mention', () => {
    expect(mentionsIn(`mail ada@example.com, [Ada](${a}), @[](${a}), @[Ada](not-an-id), @[Ada]( ${a})`)).toEqual([]);
  });
});

describe(excerptOf.name, () => {
  it('should keep a short body and cut a long one to the limit with an ellipsis', () => {
    expect(excerptOf('short')).toBe('short');
    expect(excerptOf('x'.repeat(600))).toBe(`${'x'.repeat(499)}…`);
    expect(excerptOf('x'.repeat(600)).length).toBe(500);
  });
});
