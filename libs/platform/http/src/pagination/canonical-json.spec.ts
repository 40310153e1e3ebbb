import { canonicalJson } from './canonical-json';

describe(canonicalJson.name, () => {
  it('should sort the keys of every object, nested ones too', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"e":2,"f":1}]},"b":1}');
  });

  it('should keep the order of arrays', () => {
    expect(canonicalJson({ ids: ['b', 'a'] })).toBe('{"ids":["b","a"]}');
  });

  it('should serialise as JSON.stringify does: toJSON honoured, undefined members left out', () => {
    expect(canonicalJson({ at: new Date('2026-01-02T03:04:05.000Z'), gone: undefined, list: [undefined] })).toBe(
      '{"at":"2026-01-02T03:04:05.000Z","list":[null]}',
    );
  });
});
