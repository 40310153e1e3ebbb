import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { keyIdsIn, publicKeyPath, publishPublicKeys, removeKeyPair, writeNewKeyPair } from './key-files';

describe(publishPublicKeys.name, () => {
  let root: string;
  let signing: string;
  let published: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'taskhub-publish-'));
    signing = path.join(root, 'signing');
    published = path.join(root, 'public');
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('should write the public half of every key pair and never a private key', () => {
    const older = writeNewKeyPair(signing, new Date('2026-01-01T00:00:00Z'), 1024);
    const newer = writeNewKeyPair(signing, new Date('2026-02-01T00:00:00Z'), 1024);

    expect(publishPublicKeys(signing, published)).toEqual({ added: [older, newer], removed: [] });
    expect(readdirSync(published).sort()).toEqual([`${older}.public.pem`, `${newer}.public.pem`]);
    expect(readFileSync(publicKeyPath(published, newer), 'utf8')).toBe(readFileSync(publicKeyPath(signing, newer), 'utf8'));
  });

  it('should change nothing when the folder is up to date, and remove the public key of a retired pair', () => {
    const retired = writeNewKeyPair(signing, new Date('2026-01-01T00:00:00Z'), 1024);
    const kept = writeNewKeyPair(signing, new Date('2026-02-01T00:00:00Z'), 1024);
    publishPublicKeys(signing, published);

    expect(publishPublicKeys(signing, published)).toEqual({ added: [], removed: [] });
    removeKeyPair(signing, retired);
    expect(publishPublicKeys(signing, published)).toEqual({ added: [], removed: [retired] });
    expect(keyIdsIn(published, 'public')).toEqual([kept]);
  });

  it('should leave a folder that is both the signing and the public one alone (a public key staged there stays)', () => {
    const staged = writeNewKeyPair(signing, new Date('2026-01-01T00:00:00Z'), 1024);
    rmSync(path.join(signing, `${staged}.private.pem`));

    expect(publishPublicKeys(signing, `${signing}/`)).toEqual({ added: [], removed: [] });
    expect(keyIdsIn(signing, 'public')).toEqual([staged]);
  });
});
