import { b64url, generateSigningKey, signToken, unsignedToken } from '../../test/support/jwt-keys';
import { base64Decode, decodeJwt, LuaIndexError } from './jwt-token';

const key = generateSigningKey('k1');
const part = (value: unknown): string => b64url(JSON.stringify(value));

describe(decodeJwt.name, () => {
  it('should split a token into its signed input, header, claims and signature', () => {
    const token = signToken(key, { sub: 'u' });
    const decoded = decodeJwt(token);
    if (typeof decoded === 'string') throw new Error(decoded);
    expect(`${decoded.header64}.${decoded.claims64}`).toBe(token.slice(0, token.lastIndexOf('.')));
    expect(decoded.alg).toBe('RS256');
    expect(decoded.claims).toMatchObject({ sub: 'u' });
    expect(decoded.signature.length).toBe(256);
  });

  it('should call a token with fewer than three parts, or with a corrupted header, invalid JSON (as Kong)', () => {
    expect(decodeJwt('abc')).toBe('invalid JSON');
    expect(decodeJwt(`${part({ alg: 'RS256' })}.${part({})}`)).toBe('invalid JSON');
    expect(decodeJwt(`no-way-this-works${signToken(key)}`)).toBe('invalid JSON');
  });

  it('should refuse alg none and algorithms Kong does not know as invalid alg', () => {
    expect(decodeJwt(unsignedToken('k1'))).toBe('invalid alg');
    expect(decodeJwt(`${part({ alg: 'foo' })}.${part({})}.`)).toBe('invalid alg');
    expect(decodeJwt(`${part({ typ: 'JWT' })}.${part({})}.`)).toBe('invalid alg');
    expect(decodeJwt(`${part(['RS256'])}.${part({})}.`)).toBe('invalid alg');
  });

  it('should refuse claims that are false, and a signature that is not base64url', () => {
    expect(decodeJwt(`${part({ alg: 'RS256' })}.${part(false)}.`)).toBe('invalid claims');
    expect(decodeJwt(`${part({ alg: 'RS256' })}.${part({})}.a.b`)).toBe('invalid signature');
    expect(decodeJwt(`${part({ alg: 'RS256' })}.${part({})}.a`)).toBe('invalid signature');
  });

  it('should raise where Lua raises (a header that is a number), which Kong answers with 500', () => {
    expect(() => decodeJwt(`${part(42)}.${part({})}.`)).toThrow(LuaIndexError);
  });
});

describe(base64Decode.name, () => {
  it('should read the url alphabet, pad it, and stop at the first "=" like ngx.decode_base64', () => {
    expect(base64Decode(b64url(Buffer.from([0xfb, 0xff])))?.toString('hex')).toBe('fbff');
    expect(base64Decode('aGk=garbage')?.toString()).toBe('hi');
    expect(base64Decode('aGk')?.toString()).toBe('hi');
  });

  it('should refuse characters outside the alphabet and a length of 4n+1', () => {
    expect(base64Decode('a.b')).toBeUndefined();
    expect(base64Decode('aGk h')).toBeUndefined();
    expect(base64Decode('abcde')).toBeUndefined();
  });
});
