import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { keyIdsIn, PublicKeyStore, publicKeyPath, removeKeyPair, writeNewKeyPair } from '@taskhub/platform-auth';
import { decodeToken, waitFor } from '@taskhub/platform-testing';
import { SigningKeys } from '../src/keys/signing-keys';
import { AuthHarness, bearer, type NewAccount } from './support/auth-harness';

describe('auth-service signing-key rotation', () => {
  let auth: AuthHarness;
  let account: NewAccount;

  beforeAll(async () => {
    auth = await AuthHarness.start({ label: 'auth_keys' });
    account = await auth.register();
  });

  afterAll(async () => {
    await auth?.close();
  });

  const kidOfNewToken = async (): Promise<string> => String(decodeToken((await auth.login(account)).accessToken).header.kid);

  it('should sign with the newest published key, keep old-key tokens working until the key is retired, then refuse them', async () => {
    const [oldKid] = keyIdsIn(auth.keysDir, 'private');
    const oldToken = (await auth.login(account)).accessToken;
    expect(decodeToken(oldToken).header.kid).toBe(oldKid);

    const newKid = writeNewKeyPair(auth.keysDir, new Date(Date.now() + 1000), 2048);

    await waitFor(async () => ((await kidOfNewToken()) === newKid ? true : undefined), { description: 'tokens signed with the new key' });
    const jwks = await auth.get<{ keys: { kid: string; kty: string; alg: string; use: string; n: string; e: string }[] }>('/.well-known/jwks.json');
    expect(jwks.body.keys.map((k) => k.kid)).toEqual([oldKid, newKid]);
    expect(jwks.body.keys[1]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(JSON.stringify(jwks.body)).not.toMatch(/"d"|PRIVATE/);
    expect((await auth.get('/me', bearer(oldToken))).status).toBe(200);

    removeKeyPair(auth.keysDir, oldKid);

    await waitFor(async () => ((await auth.get('/me', bearer(oldToken))).status === 401 ? true : undefined), { description: 'the retired key refused' });
    expect((await auth.get('/me', bearer(oldToken))).body).toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
    expect((await auth.get('/me', bearer((await auth.login(account)).accessToken))).status).toBe(200);
  });

  it('should not sign with a key whose public half the verifiers do not have yet', async () => {
    const current = await kidOfNewToken();
    const stagingDir = mkdtempSync(path.join(tmpdir(), 'taskhub_test_staging-'));
    const staged = writeNewKeyPair(stagingDir, new Date(Date.now() + 5000), 2048);

    renameSync(path.join(stagingDir, `${staged}.private.pem`), path.join(auth.keysDir, `${staged}.private.pem`));
    auth.service.app.get(SigningKeys).scan();

    expect(await kidOfNewToken()).toBe(current);

    renameSync(path.join(stagingDir, `${staged}.public.pem`), publicKeyPath(auth.keysDir, staged));
    auth.service.app.get(PublicKeyStore).scan();

    expect(await kidOfNewToken()).toBe(staged);
    rmSync(stagingDir, { recursive: true, force: true });
  });
});
