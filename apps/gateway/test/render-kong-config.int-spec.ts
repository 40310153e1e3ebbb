import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { compileDeclarativeConfig } from '../src/config/config-loader';
import { validateAgainstDeckSchema } from '../src/deck/validate-deck-schema';
import { integrationEnv } from '@taskhub/platform-testing';
import { redisAddress, REPO_ROOT, startGateway, type StartedGateway, gatewayRedisUserEnv } from './support/gateway-harness';
import { tempDir } from './support/temp-dirs';
import { generateSigningKey, keyDirectory, signToken } from './support/jwt-keys';
import { StubUpstream } from './support/stub-upstream';

// Runs dist/apps/gateway/src/render-kong-config.js: run `npm run build` first (`npm run test:int` does).
const CLI = join(REPO_ROOT, 'dist/apps/gateway/src/render-kong-config.js');
const KONG_YML = join(REPO_ROOT, 'kong/kong.yml');
const DECK_SCHEMA = resolve(REPO_ROOT, '../shared/reference/kong-declarative-schema.json');

interface Rendered {
  consumers: { username: string; jwt_secrets?: { key: string; algorithm: string; rsa_public_key: string; secret: string }[] }[];
}

function render(publicKeys: string, out = join(tempDir('taskhub-render-'), 'kong.yml')) {
  const result = spawnSync(process.execPath, [CLI, '--config', KONG_YML, '--public-keys', publicKeys, '--out', out], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, out };
}

describe('render-kong-config', () => {
  const current = generateSigningKey('key-2026-01');
  const next = generateSigningKey('key-2026-02');
  const dir = keyDirectory(current, next);

  it('should write kong.yml with one RS256 credential per public key on taskhub-users, and nothing else changed', () => {
    const result = render(dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('with 2 key(s) on consumer taskhub-users: key-2026-01, key-2026-02');
    const text = readFileSync(result.out, 'utf8');
    const rendered = parse(text) as Rendered;
    const users = rendered.consumers.find((c) => c.username === 'taskhub-users')!;
    expect(users.jwt_secrets!.map((s) => [s.key, s.algorithm, s.rsa_public_key])).toEqual([
      [current.kid, 'RS256', current.publicPem],
      [next.kid, 'RS256', next.publicPem],
    ]);
    const [a, b] = users.jwt_secrets!.map((s) => s.secret);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(text).not.toContain('PRIVATE KEY');
    const original = parse(readFileSync(KONG_YML, 'utf8')) as Rendered;
    users.jwt_secrets = undefined;
    expect(JSON.parse(JSON.stringify(rendered))).toEqual(JSON.parse(JSON.stringify(original)));
  });

  it("should pass decK's JSON schema and the local gateway's validation", () => {
    const rendered = parse(readFileSync(render(dir).out, 'utf8')) as unknown;
    expect(compileDeclarativeConfig(rendered).consumers[0].jwtSecrets.map((s) => s.key)).toEqual([current.kid, next.kid]);
    if (!existsSync(DECK_SCHEMA)) {
      // the schema lives outside the repository; CI must have it, a laptop may not
      if (process.env.CI) throw new Error(`decK schema missing at ${DECK_SCHEMA}: CI must provide it`);
      return;
    }
    expect(validateAgainstDeckSchema(rendered, DECK_SCHEMA).errors).toEqual([]);
  });

  it('should give a fresh random secret on every render', () => {
    const secrets = (out: string) => (parse(readFileSync(out, 'utf8')) as Rendered).consumers[0].jwt_secrets!.map((s) => s.secret);
    expect(secrets(render(dir).out)).not.toEqual(secrets(render(dir).out));
  });

  it('should be a file on which a gateway accepts the keys without any key directory', async () => {
    const upstream = await StubUpstream.start('task-a');
    let gw: StartedGateway | undefined;
    try {
      const env = integrationEnv();
      gw = await startGateway(render(dir).out, {
        GATEWAY_CONNECT_TO: `task-service:3003=127.0.0.1:${upstream.port},redis:6379=${redisAddress(env.redisUrl)}`,
        GATEWAY_REDIS_KEY_PREFIX: `${env.redisKeyPrefix}render-`,
        ...gatewayRedisUserEnv(env.redisUrl),
      });
      const ok = await fetch(`${gw.url}/api/v1/tasks/1`, { headers: { Authorization: `Bearer ${signToken(next)}` } });
      const refused = await fetch(`${gw.url}/api/v1/tasks/1`, { headers: { Authorization: `Bearer ${signToken(generateSigningKey('other'))}` } });
      expect([ok.status, refused.status]).toEqual([200, 401]);
    } finally {
      await gw?.close();
      await upstream.close();
    }
  });

  it('should refuse an unusable key file, naming it, and write nothing', () => {
    const bad = keyDirectory(current);
    writeFileSync(join(bad, 'leaked.public.pem'), current.privatePem);
    const result = render(bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('leaked.public.pem: holds a private key');
    expect(existsSync(result.out)).toBe(false);
  });

  it('should warn, and still render, when the directory holds no public key', () => {
    const result = render(tempDir('taskhub-jwt-keys-'));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: no <kid>.public.pem');
    expect((parse(readFileSync(result.out, 'utf8')) as Rendered).consumers[0].jwt_secrets).toBeUndefined();
  });

  it('should exit 1 on a missing directory and 2 on bad usage', () => {
    expect(render('/nonexistent/keys').code).toBe(1);
    const usage = spawnSync(process.execPath, [CLI, '--config', KONG_YML], { encoding: 'utf8' });
    expect([usage.status, usage.stderr]).toEqual([2, expect.stringContaining('usage: render-kong-config')]);
  });
});
