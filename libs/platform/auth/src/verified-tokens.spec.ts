import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { VerifiedTokens } from './verified-tokens';

const keyPair = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;

describe(VerifiedTokens.name, () => {
  const key = keyPair();
  const payload = { sub: 'someone', exp: 1_000 };
  let now = 0;
  const tokens = (): VerifiedTokens => new VerifiedTokens(5, () => now);
  const verifiedOnce = (store: VerifiedTokens, token = 'a.b.c', withKey = key): void => {
    const request = {};
    store.noteKey(request, 'k1', withKey);
    store.remember(request, token, payload);
  };

  beforeEach(() => {
    now = 990_000;
  });

  it('should give back the payload of a verified token while its kid names the same key', () => {
    const store = tokens();
    verifiedOnce(store);

    expect(store.payloadOf('a.b.c', (kid) => (kid === 'k1' ? key : undefined))).toEqual(payload);
    expect(store.payloadOf('a.b.x', () => key)).toBeUndefined();
  });

  it('should forget a token whose key was retired or replaced', () => {
    const store = tokens();
    verifiedOnce(store);

    expect(store.payloadOf('a.b.c', () => keyPair())).toBeUndefined();
    expect(store.payloadOf('a.b.c', () => key)).toBeUndefined(); // forgotten: verified again from now on
    verifiedOnce(store);
    expect(store.payloadOf('a.b.c', () => undefined)).toBeUndefined();
  });

  it('should hold a token until the second jsonwebtoken calls it expired: exp plus the tolerance', () => {
    const store = tokens();
    verifiedOnce(store);

    now = 1_004_999;
    expect(store.payloadOf('a.b.c', () => key)).toEqual(payload);
    now = 1_005_000;
    expect(store.payloadOf('a.b.c', () => key)).toBeUndefined();
  });

  it('should remember nothing for a request whose key was not noted, or a payload without exp', () => {
    const store = tokens();
    store.remember({}, 'a.b.c', payload);
    const request = {};
    store.noteKey(request, 'k1', key);
    store.remember(request, 'x.y.z', { sub: 'someone' });

    expect(store.payloadOf('a.b.c', () => key)).toBeUndefined();
    expect(store.payloadOf('x.y.z', () => key)).toBeUndefined();
  });

  it('should hand out a payload no caller can change', () => {
    const store = tokens();
    verifiedOnce(store);
    const remembered = store.payloadOf('a.b.c', () => key) as Record<string, unknown>;

    expect(() => {
      remembered.sub = 'someone else';
    }).toThrow(TypeError);
    expect(store.payloadOf('a.b.c', () => key)).toEqual(payload);
  });
});
