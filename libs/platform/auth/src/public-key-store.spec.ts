import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { keyIdsIn, newKeyId, publicKeyPath, removeKeyPair, writeNewKeyPair } from './key-files';
import { PublicKeyStore } from './public-key-store';

describe(PublicKeyStore.name, () => {
  let dir: string;
  let store: PublicKeyStore;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'taskhub-keystore-'));
  });

  afterEach(() => {
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should load the public keys of a folder and never read a private key as one', () => {
    const kid = writeNewKeyPair(dir, new Date('2026-01-01T00:00:00Z'), 1024);
    store = new PublicKeyStore(dir);
    store.start();

    expect([...store.all().keys()]).toEqual([kid]);
    expect(store.get(kid)?.type).toBe('public');
  });

  it('should find a key added after start when a token names it, but rescan at most once per gap', () => {
    store = new PublicKeyStore(dir, { unknownKidRescanGapMs: 60_000 });
    store.start();
    const kid = writeNewKeyPair(dir, new Date(), 1024);

    expect(store.get(kid)).toBeUndefined(); // scanned at start, less than a gap ago

    const eager = new PublicKeyStore(dir, { unknownKidRescanGapMs: 0 });
    expect(eager.get(kid)?.type).toBe('public');
  });

  it('should forget a retired key on the next scan', () => {
    const kid = writeNewKeyPair(dir, new Date(), 1024);
    store = new PublicKeyStore(dir);
    store.start();
    removeKeyPair(dir, kid);

    store.scan();

    expect(store.get(kid)).toBeUndefined();
  });

  it('should skip a file that is not an RSA public key and keep the others', () => {
    const kid = writeNewKeyPair(dir, new Date(), 1024);
    writeFileSync(publicKeyPath(dir, 'broken'), 'not a pem');
    store = new PublicKeyStore(dir);
    store.start();

    expect([...store.all().keys()]).toEqual([kid]);
  });

  it('should start with no keys when the folder does not exist', () => {
    store = new PublicKeyStore(path.join(dir, 'missing'));
    store.start();

    expect(store.all().size).toBe(0);
  });
});

describe(newKeyId.name, () => {
  it('should make ids that sort by creation time and fit the kid pattern', () => {
    const older = newKeyId(new Date('2026-12-01T17:41:00.123Z'), 'aaaaaa');
    const newer = newKeyId(new Date('2026-12-01T17:41:01Z'), '000000');

    expect(older).toBe('20261201T174100Z-aaaaaa');
    expect([newer, older].sort()).toEqual([older, newer]);
  });

  it('should be listed by keyIdsIn, oldest first', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'taskhub-keyids-'));
    const b = writeNewKeyPair(dir, new Date('2026-02-01T00:00:00Z'), 1024);
    const a = writeNewKeyPair(dir, new Date('2026-01-01T00:00:00Z'), 1024);

    expect(keyIdsIn(dir, 'private')).toEqual([a, b]);
    expect(keyIdsIn(dir, 'public')).toEqual([a, b]);
    rmSync(dir, { recursive: true, force: true });
  });
});
