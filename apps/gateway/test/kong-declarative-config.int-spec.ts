import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { parse } from 'yaml';
import { compileDeclarativeConfig } from '../src/config/config-loader';
import { validateAgainstDeckSchema } from '../src/deck/validate-deck-schema';
import { REPO_ROOT, runBuiltGateway, writeTempConfig } from './support/gateway-harness';
import { testConfig } from './support/test-config';

// Spawns dist/apps/gateway/src/main.js: run `npm run build` first (`npm run test:int` does).
const KONG_YML = join(REPO_ROOT, 'kong/kong.yml');
const DECK_SCHEMA = resolve(REPO_ROOT, '../shared/reference/kong-declarative-schema.json');

describe('kong/kong.yml', () => {
  const doc = parse(readFileSync(KONG_YML, 'utf8')) as {
    services: { name: string; host: string; routes: { paths: string[] }[] }[];
    upstreams: { name: string; targets: { target: string }[] }[];
  };

  it('should route exactly the public paths of SERVICE_CATALOG to each service, through its upstream and port', () => {
    expect(doc.services.map((s) => s.name).sort()).toEqual(SERVICE_CATALOG.map((s) => s.app).sort());
    for (const entry of SERVICE_CATALOG) {
      const service = doc.services.find((s) => s.name === entry.app)!;
      expect(service.routes.flatMap((r) => r.paths).sort()).toEqual([...entry.publicPaths].sort());
      expect(service.host).toBe(`${entry.app}.upstream`);
      const upstream = doc.upstreams.find((u) => u.name === service.host)!;
      expect(upstream.targets.map((t) => t.target)).toEqual([`${entry.app}:${entry.port}`]);
    }
  });

  it('should be accepted by the local gateway with every plugin it uses', () => {
    const config = compileDeclarativeConfig(doc);
    expect(Object.keys(config.plugins).sort()).toEqual(['correlationId', 'cors', 'prometheus', 'rateLimiting', 'requestSizeLimiting']);
    expect(config.plugins.rateLimiting?.faultTolerant).toBe(true);
  });

  it("should pass decK's JSON schema", () => {
    if (!existsSync(DECK_SCHEMA)) {
      // the schema lives outside the repository; CI must have it, a laptop may not
      if (process.env.CI) throw new Error(`decK schema missing at ${DECK_SCHEMA}: CI must provide it`);
      return;
    }
    const result = validateAgainstDeckSchema(doc, DECK_SCHEMA);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('should start the built gateway from the real file', async () => {
    const result = await runBuiltGateway({ KONG_DECLARATIVE_CONFIG: KONG_YML, KONG_PROXY_LISTEN: '127.0.0.1:0', KONG_STATUS_LISTEN: '127.0.0.1:0', GATEWAY_CONNECT_TO: '' });
    expect(result.listening).toBe(true);
    expect(result.code).toBe(0);
  });

  it('should refuse to start on a plugin it does not implement, naming it', async () => {
    const config = writeTempConfig(testConfig({ plugins: [{ name: 'key-auth', config: { key_names: ['apikey'] } }] }));
    const result = await runBuiltGateway({ KONG_DECLARATIVE_CONFIG: config, KONG_PROXY_LISTEN: '127.0.0.1:0', KONG_STATUS_LISTEN: '127.0.0.1:0' });
    expect(result.listening).toBe(false);
    expect(result.code).toBe(1);
    expect(result.output).toContain('plugin "key-auth": is not implemented by the local gateway');
  });

  it('should refuse to start on an unsupported field value, naming the plugin and field', async () => {
    const plugin = { name: 'rate-limiting', config: { minute: 5, limit_by: 'ip', policy: 'cluster' } };
    const result = await runBuiltGateway({ KONG_DECLARATIVE_CONFIG: writeTempConfig(testConfig({ plugins: [plugin] })), KONG_PROXY_LISTEN: '127.0.0.1:0', KONG_STATUS_LISTEN: 'off' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('plugin "rate-limiting" config: field "policy" = "cluster"');
  });
});
