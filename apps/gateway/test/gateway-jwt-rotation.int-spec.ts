import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@taskhub/platform-testing';
import { PublicKeyRotation } from '../src/jwt/public-key-rotation';
import { runBuiltGateway, startGateway, writeTempConfig, type StartedGateway } from './support/gateway-harness';
import { jwtTestConfig } from './support/jwt-config';
import { tempDir } from './support/temp-dirs';
import { generateSigningKey, keyDirectory, signToken, type SigningKey, writeKeyPair } from './support/jwt-keys';
import { StubUpstream } from './support/stub-upstream';

// Spawns dist/apps/gateway/src/main.js for the start-up refusal: run `npm run build` first (`npm run test:int` does).
describe(`${PublicKeyRotation.name} (key directory rotation)`, () => {
  let upstream: StubUpstream;
  const started: StartedGateway[] = [];
  const start = async (keysDir: string | undefined): Promise<StartedGateway> => {
    const gw = await startGateway(writeTempConfig(jwtTestConfig()), {
      GATEWAY_CONNECT_TO: `task-service:3003=127.0.0.1:${upstream.port}`,
      ...(keysDir === undefined ? {} : { JWT_PUBLIC_KEYS_DIR: keysDir }),
    });
    started.push(gw);
    return gw;
  };
  const status = async (gw: StartedGateway, key: SigningKey): Promise<number> => {
    const res = await fetch(`${gw.url}/api/v1/tasks`, { headers: { Authorization: `Bearer ${signToken(key)}` } });
    await res.arrayBuffer();
    return res.status;
  };

  beforeAll(async () => {
    upstream = await StubUpstream.start('task-a');
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((gw) => gw.close()));
  });

  afterAll(async () => {
    await upstream.close();
  });

  it('should accept a key file added while running at once, and stop accepting a removed one within seconds', async () => {
    const current = generateSigningKey('key-2026-01');
    const next = generateSigningKey('key-2026-02');
    const dir = keyDirectory(current);
    const gw = await start(dir);
    expect(await status(gw, current)).toBe(200);
    expect(await status(gw, next)).toBe(401);

    writeKeyPair(dir, next);
    expect(await status(gw, next)).toBe(200);

    rmSync(join(dir, `${current.kid}.public.pem`));
    rmSync(join(dir, `${current.kid}.private.pem`));
    // fs.watch reports the removal at once, the periodic rescan (10 s) catches it otherwise
    await waitFor(async () => (await status(gw, current)) === 401, { description: 'the retired key to be refused', timeoutMs: 12_000, intervalMs: 100 });
    const before = upstream.requests;
    const res = await fetch(`${gw.url}/api/v1/tasks`, { headers: { Authorization: `Bearer ${signToken(current)}` } });
    expect([res.status, await res.json()]).toEqual([401, { message: "No credentials found for given 'kid'" }]);
    expect(upstream.requests).toBe(before);
    expect(await status(gw, next)).toBe(200);
    expect(gw.logs.lines.filter((l) => l.msg === 'jwt: public keys reloaded').map((l) => [l.added, l.removed])).toEqual([
      [[next.kid], []],
      [[], [current.kid]],
    ]);
  });

  it('should start without credentials, warn naming JWT_PUBLIC_KEYS_DIR, refuse every token, and pick up the first key file', async () => {
    const dir = tempDir('taskhub-jwt-keys-');
    const gw = await start(dir);
    const warning = gw.logs.lines.find((l) => l.level === 'warn' && String(l.msg).includes('JWT_PUBLIC_KEYS_DIR'));
    expect(warning).toMatchObject({ JWT_PUBLIC_KEYS_DIR: dir });
    const key = generateSigningKey('first-key');
    expect(await status(gw, key)).toBe(401);
    writeKeyPair(dir, key);
    await waitFor(async () => (await status(gw, key)) === 200, { description: 'the first key to be accepted', timeoutMs: 5_000 });
  });

  it('should warn when the jwt plugin is configured and JWT_PUBLIC_KEYS_DIR is not set', async () => {
    const gw = await start(undefined);
    expect(gw.logs.lines.find((l) => l.level === 'warn' && String(l.msg).includes('Set JWT_PUBLIC_KEYS_DIR'))).toMatchObject({ JWT_PUBLIC_KEYS_DIR: '(unset)' });
    expect(await status(gw, generateSigningKey('any'))).toBe(401);
  });

  it('should refuse to start on an unusable public key file, naming it', async () => {
    const dir = keyDirectory(generateSigningKey('good'));
    writeFileSync(join(dir, 'broken.public.pem'), 'not a key');
    const result = await runBuiltGateway({
      KONG_DECLARATIVE_CONFIG: writeTempConfig(jwtTestConfig()),
      KONG_PROXY_LISTEN: '127.0.0.1:0',
      KONG_STATUS_LISTEN: 'off',
      JWT_PUBLIC_KEYS_DIR: dir,
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`JWT_PUBLIC_KEYS_DIR=${dir}: broken.public.pem: is not an SPKI PEM public key`);
  });
});
