import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { generateSigningKey, keyDirectory } from '../../test/support/jwt-keys';
import { type DirectoryReader, readPublicKeyDirectory } from './public-key-directory';

const a = generateSigningKey('key-a');
const b = generateSigningKey('key_B');

/** An in-memory directory that records every file opened. */
function fakeDirectory(files: Record<string, string>): DirectoryReader & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    list: () => Object.keys(files),
    read: (path) => {
      opened.push(path);
      const name = path.slice(path.lastIndexOf('/') + 1);
      if (!(name in files)) throw new Error(`ENOENT: ${path}`);
      return files[name];
    },
  };
}

describe(readPublicKeyDirectory.name, () => {
  it('should read every <kid>.public.pem, sorted by kid, from a real directory', () => {
    const dir = keyDirectory(b, a);
    expect(readPublicKeyDirectory(dir)).toEqual({ keys: [{ kid: 'key-a', pem: a.publicPem }, { kid: 'key_B', pem: b.publicPem }], problems: [] });
  });

  it('should never open a private key file, nor anything that is not <kid>.public.pem', () => {
    const fs = fakeDirectory({ 'key-a.public.pem': a.publicPem, 'key-a.private.pem': a.privatePem, 'README.md': '# keys', 'key-a.pem': a.publicPem });
    const result = readPublicKeyDirectory('/keys', fs);
    expect(result.keys.map((k) => k.kid)).toEqual(['key-a']);
    expect(fs.opened).toEqual([join('/keys', 'key-a.public.pem')]);
  });

  it('should report, by file, kids outside the contract and keys that cannot be used', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const small = generateSigningKey('small', 1024);
    const fs = fakeDirectory({
      'bad.kid.public.pem': a.publicPem,
      [`${'x'.repeat(65)}.public.pem`]: a.publicPem,
      'leaked.public.pem': a.privatePem,
      'ec.public.pem': ec,
      'small.public.pem': small.publicPem,
      'text.public.pem': 'not a key',
      'good.public.pem': a.publicPem,
    });
    const { keys, problems } = readPublicKeyDirectory('/keys', fs);
    expect(keys.map((k) => k.kid)).toEqual(['good']);
    expect(problems).toEqual([
      'bad.kid.public.pem: the kid "bad.kid" does not match ^[A-Za-z0-9_-]{1,64}$',
      'ec.public.pem: is a ec key, RS256 needs RSA',
      'leaked.public.pem: holds a private key (only public keys belong in <kid>.public.pem)',
      'small.public.pem: is a 1024-bit RSA key, at least 2048 bits are required',
      'text.public.pem: is not an SPKI PEM public key ("-----BEGIN PUBLIC KEY-----")',
      `${'x'.repeat(65)}.public.pem: the kid "${'x'.repeat(65)}" does not match ^[A-Za-z0-9_-]{1,64}$`,
    ]);
  });
});
