import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SERVICE_CATALOG } from '@taskhub/platform-config';
import { integrationEnv } from '@taskhub/platform-testing';
import { parse } from 'yaml';
import { compileDeclarativeConfig } from '../src/config/config-loader';
import { effectivePlugins } from '../src/config/plugin-scopes';
import { CorsPlugin } from '../src/plugins/cors.plugin';
import { Router } from '../src/routing/router';
import { validateAgainstDeckSchema } from '../src/deck/validate-deck-schema';
import { gatewayRedisUserEnv, REPO_ROOT, runBuiltGateway, writeTempConfig } from './support/gateway-harness';
import { testConfig } from './support/test-config';

/** The only paths reachable without a token, all on the auth service. */
const PUBLIC_AUTH_PATHS = [
  '/api/v1/auth/register',
  '/api/v1/auth/login',
  '/api/v1/auth/refresh',
  '/api/v1/auth/password/forgot',
  '/api/v1/auth/password/reset',
  '/api/v1/auth/token',
  '/api/v1/auth/verify-email',
  '/api/v1/auth/email-change/confirm',
  '/api/v1/auth/email-change/cancel',
  '/api/v1/auth/.well-known/jwks.json',
];

/** Auth serves two paths under the user service's prefix, for account deletion (docs/sagas.md). */
const ACCOUNT_DELETION_PATHS = ['~/api/v1/users/me$', '~/api/v1/users/me/deletion/[0-9a-fA-F-]{36}$'];

// Spawns dist/apps/gateway/src/main.js: run `npm run build` first (`npm run test:int` does).
const KONG_YML = join(REPO_ROOT, 'kong/kong.yml');
const DECK_SCHEMA = resolve(REPO_ROOT, '../shared/reference/kong-declarative-schema.json');

describe('kong/kong.yml', () => {
  const doc = parse(readFileSync(KONG_YML, 'utf8')) as {
    services: { name: string; host: string; routes: { name: string; paths: string[] }[] }[];
    upstreams: { name: string; targets: { target: string }[] }[];
  };

  it('should route exactly the public paths of SERVICE_CATALOG to each service, through its upstream and port', () => {
    expect(doc.services.map((s) => s.name).sort()).toEqual(SERVICE_CATALOG.map((s) => s.app).sort());
    for (const entry of SERVICE_CATALOG) {
      const service = doc.services.find((s) => s.name === entry.app)!;
      // auth-public carves exact endpoints out of the auth prefix, notification-stream the SSE route (unbuffered) out of
      // the notifications prefix; the other routes carry the catalog's prefixes
      // (and account-deletion DELETE /users/me out of the user service's prefix)
      const carvedOut = new Set(['auth-public', 'notification-stream', 'account-deletion']);
      const prefixes = service.routes.filter((r) => !carvedOut.has(r.name)).flatMap((r) => r.paths);
      expect(prefixes.sort()).toEqual([...entry.publicPaths].sort());
      // every path, a regex one included, lies under one of the service's prefixes
      for (const path of service.routes.flatMap((r) => r.paths)) {
        const underOwnPrefix = entry.publicPaths.some((p) => path.replace(/^~/, '').startsWith(p));
        expect([path, underOwnPrefix || (entry.name === 'auth' && ACCOUNT_DELETION_PATHS.includes(path))]).toEqual([path, true]);
      }
      expect(service.host).toBe(`${entry.app}.upstream`);
      const upstream = doc.upstreams.find((u) => u.name === service.host)!;
      expect(upstream.targets.map((t) => t.target)).toEqual([`${entry.app}:${entry.port}`]);
    }
  });

  it('should be accepted by the local gateway with every plugin it uses', () => {
    const config = compileDeclarativeConfig(doc);
    expect(Object.keys(config.plugins).sort()).toEqual(['correlationId', 'cors', 'prometheus', 'rateLimiting', 'requestSizeLimiting', 'requestTransformer']);
    expect(config.plugins.rateLimiting?.faultTolerant).toBe(true);
    expect(config.consumers).toEqual([expect.objectContaining({ username: 'taskhub-users', customId: 'taskhub-users', jwtSecrets: [] })]);
  });

  it("should let browsers send If-Match, If-None-Match and Idempotency-Key and read the ETag, Location and Idempotent-Replayed of the task service's answers", () => {
    const cors = new CorsPlugin(compileDeclarativeConfig(doc).plugins.cors!);
    const preflight = cors.preflight('OPTIONS', { origin: 'http://localhost:5173', 'access-control-request-method': 'PATCH' })!;
    const response = cors.responseHeaders('http://localhost:5173')!;
    const valueOf = (headers: readonly string[], name: string): string[] => headers[headers.indexOf(name) + 1].split(',');

    expect(valueOf(preflight, 'Access-Control-Allow-Headers')).toEqual(expect.arrayContaining(['If-Match', 'If-None-Match', 'Idempotency-Key']));
    expect(valueOf(response, 'Access-Control-Expose-Headers')).toEqual(expect.arrayContaining(['ETag', 'Location', 'Idempotent-Replayed']));
  });

  it('should be secure by default: every route runs the jwt plugin, except auth-public with exactly the public auth paths', () => {
    const config = compileDeclarativeConfig(doc);
    const open = config.routes.filter((r) => effectivePlugins(config, r).jwt === undefined);
    expect(open.map((r) => r.name)).toEqual(['auth-public']);
    expect(open[0]).toMatchObject({ service: 'auth-service', methods: [], hosts: [] });
    for (const route of config.routes.filter((r) => r.name !== 'auth-public')) {
      expect([route.name, effectivePlugins(config, route).jwt]).toEqual([
        route.name,
        { uriParamNames: [], cookieNames: [], headerNames: ['authorization'], keyClaimName: 'kid', claimsToVerify: ['exp'], maximumExpiration: 960, runOnPreflight: false },
      ]);
    }
  });

  it('should route exactly the public auth paths to auth-public, and nothing under or beside them', () => {
    const config = compileDeclarativeConfig(doc);
    const router = new Router(config.routes.map((route) => ({ route, target: route.name })));
    const routeOf = (path: string): string | undefined => router.match('POST', 'localhost:8000', path)?.target;

    for (const path of PUBLIC_AUTH_PATHS) expect([path, routeOf(path)]).toEqual([path, 'auth-public']);
    const near = PUBLIC_AUTH_PATHS.flatMap((path) => [`${path}/`, `${path}/x`, `${path}x`]);
    const protectedAuth = ['/api/v1/auth/me', '/api/v1/auth/logout', '/api/v1/auth/api-keys', '/api/v1/auth/accounts', '/api/v1/auth/password', '/api/v1/auth/verify-email/resend', '/api/v1/auth/email-change', '/api/v1/auth/.well-known/jwksXjson'];
    for (const path of [...near, ...protectedAuth]) expect([path, routeOf(path)]).toEqual([path, 'auth-api']);
  });

  it("should route DELETE /api/v1/users/me (with a token) and a deletion's progress (without) to auth, every other /users call to the user service", () => {
    const config = compileDeclarativeConfig(doc);
    const router = new Router(config.routes.map((route) => ({ route, target: route.name })));
    const routeOf = (method: string, path: string): string | undefined => router.match(method, 'localhost:8000', path)?.target;
    const id = '5b0c3f0e-8a5e-4c61-9a3e-0f3f3c1f9d2a';

    expect(routeOf('DELETE', '/api/v1/users/me')).toBe('account-deletion');
    expect(routeOf('GET', `/api/v1/users/me/deletion/${id}`)).toBe('auth-public');
    for (const [method, path] of [
      ['GET', '/api/v1/users/me'],
      ['PATCH', '/api/v1/users/me'],
      ['DELETE', '/api/v1/users/me/x'],
      ['DELETE', '/api/v1/users/mex'],
      ['GET', `/api/v1/users/me/deletion/${id}/x`],
      ['GET', '/api/v1/users/me/deletion/not-an-id'],
    ]) {
      expect([method, path, routeOf(method, path)]).toEqual([method, path, 'user-api']);
    }
    expect(config.routes.find((r) => r.name === 'account-deletion')).toMatchObject({ service: 'auth-service', methods: ['DELETE'] });
  });

  it('should strip every identity header before any service, on public and protected routes alike', () => {
    const config = compileDeclarativeConfig(doc);
    const identity = ['x-user-id', 'x-user-roles', 'x-consumer-id', 'x-consumer-custom-id', 'x-consumer-username', 'x-consumer-groups', 'x-credential-identifier', 'x-anonymous-consumer', 'x-authenticated-groups', 'x-authenticated-scope', 'x-authenticated-userid'];
    for (const route of config.routes) expect([route.name, effectivePlugins(config, route).requestTransformer?.removeHeaders]).toEqual([route.name, identity]);
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
    const result = await runBuiltGateway({
      KONG_DECLARATIVE_CONFIG: KONG_YML,
      KONG_PROXY_LISTEN: '127.0.0.1:0',
      KONG_STATUS_LISTEN: '127.0.0.1:0',
      GATEWAY_CONNECT_TO: '',
      ...gatewayRedisUserEnv(integrationEnv().redisUrl),
    });
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
