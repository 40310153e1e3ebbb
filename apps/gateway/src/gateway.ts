import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { type AddressInfo, type Socket } from 'node:net';
import { ServiceRuntime, UpstreamRuntime } from './balancer/upstream-runtime';
import { type GatewayConfig } from './config/gateway-config';
import { type ClientTimeouts, type GatewayEnv } from './config/gateway-env';
import { effectivePlugins } from './config/plugin-scopes';
import { type JwtCredentials } from './jwt/jwt-credentials';
import { loadKeyedConfig } from './jwt/keyed-config';
import { type PublicKeyRotation } from './jwt/public-key-rotation';
import { type GatewayLogger } from './logging/gateway-logger';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { RateLimitingPlugin } from './plugins/rate-limiting.plugin';
import { type ProxyContext, type RouteRuntime } from './proxy/proxy-context';
import { clientErrorResponse } from './proxy/client-errors';
import { HEADER_SECTION_MAX_BYTES } from './proxy/header-limits';
import { ProxyHandler } from './proxy/proxy-handler';
import { RoutePluginsFactory } from './proxy/route-plugins';
import { Router } from './routing/router';
import { createStatusServer } from './status/status-server';

const CORS_RESPONSE_HEADERS = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers'];

/** The running gateway: proxy and status listeners over one validated declarative configuration. */
export class Gateway {
  private proxyServer: Server | undefined;
  private statusServer: Server | undefined;

  private constructor(
    readonly config: GatewayConfig,
    private readonly env: GatewayEnv,
    private readonly logger: GatewayLogger,
    private readonly upstreams: readonly UpstreamRuntime[],
    private readonly services: readonly ServiceRuntime[],
    private readonly handler: ProxyHandler,
    private readonly ctx: ProxyContext,
    private readonly configHash: string,
    /** the credentials every jwt plugin uses, from the file and JWT_PUBLIC_KEYS_DIR */
    readonly credentials: JwtCredentials,
    private readonly rotation: PublicKeyRotation | undefined,
  ) {}

  /**
   * Loads and validates the file with the key directory's public keys merged in (throws ConfigError naming the entity
   * and field), wires everything, listens on nothing yet.
   */
  static create(env: GatewayEnv, logger: GatewayLogger, accessLog = true): Gateway {
    const { config, credentials, rotation } = loadKeyedConfig(env.declarativeConfigPath, env.jwtPublicKeysDir, logger);
    const configHash = createHash('md5').update(readFileSync(env.declarativeConfigPath)).digest('hex');
    const upstreamByName = new Map(config.upstreams.map((u) => [u.name, UpstreamRuntime.fromConfig(u, env.connectTo, logger)]));
    const services = config.services.map((s) => new ServiceRuntime(s, upstreamByName.get(s.host) ?? UpstreamRuntime.forHost(s, env.connectTo)));
    const serviceByName = new Map(services.map((s) => [s.config.name, s]));
    const plugins = config.plugins;
    const metrics = new GatewayMetrics(plugins.prometheus, randomUUID());
    const rateLimiting = plugins.rateLimiting ? new RateLimitingPlugin(plugins.rateLimiting, env.redisKeyPrefix, env.connectTo, logger, env.vaultEnv) : undefined;
    const rateLimitHeaders = new Set(['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']);
    for (const l of plugins.rateLimiting?.limits ?? []) {
      rateLimitHeaders.add(`x-ratelimit-limit-${l.period}`).add(`x-ratelimit-remaining-${l.period}`);
    }
    const factory = new RoutePluginsFactory(credentials);
    const ctx: ProxyContext = {
      globalPlugins: factory.build(plugins),
      rateLimiting,
      metrics,
      recordStatus: plugins.prometheus?.statusCodeMetrics ?? false,
      recordLatency: plugins.prometheus?.latencyMetrics ?? false,
      recordBandwidth: plugins.prometheus?.bandwidthMetrics ?? false,
      logger,
      accessLog,
      listenPort: String(env.proxyListen.port),
      realIp: env.realIp,
      corsResponseHeaders: new Set(CORS_RESPONSE_HEADERS),
      rateLimitResponseHeaders: rateLimitHeaders,
    };
    const routes: { route: GatewayConfig['routes'][number]; target: RouteRuntime }[] = config.routes.map((route) => ({
      route,
      target: {
        route,
        service: serviceByName.get(route.service)!,
        metrics: metrics.forRoute(route.service, route.name),
        plugins: factory.build(effectivePlugins(config, route)),
      },
    }));
    const handler = new ProxyHandler(ctx, new Router(routes));
    return new Gateway(config, env, logger, [...upstreamByName.values()], services, handler, ctx, configHash, credentials, rotation);
  }

  get proxyPort(): number {
    return (this.proxyServer!.address() as AddressInfo).port;
  }

  get statusPort(): number | undefined {
    return this.statusServer ? (this.statusServer.address() as AddressInfo).port : undefined;
  }

  async listen(): Promise<void> {
    await this.ctx.rateLimiting?.waitUntilConnected(2000);
    const proxy = createServer(proxyServerOptions(this.env.timeouts), this.handler.handle);
    proxy.on('checkContinue', this.handler.handleExpectContinue);
    proxy.on('connection', (socket) => {
      this.ctx.metrics.connectionsAccepted++;
      this.ctx.metrics.connectionsActive++;
      socket.once('close', () => this.ctx.metrics.connectionsActive--);
    });
    proxy.on('clientError', (error: Error & { code?: string }, socket: Socket & { _httpMessage?: ServerResponse }) => {
      // as Node does by default: answer only when no response has started on this connection; close it either way,
      // once the answer is flushed (a client that never reads nor closes does not keep it)
      if (socket.writable && !socket._httpMessage?.headersSent) socket.end(clientErrorResponse(error.code), () => socket.destroy());
      else socket.destroy();
      this.logger.debug({ err: error.message, code: error.code }, 'client error');
    });
    this.proxyServer = proxy;
    await listenOn(proxy, this.env.proxyListen.host, this.env.proxyListen.port);
    if (this.env.statusListen) {
      this.statusServer = createStatusServer({
        status: () => this.status(),
        metrics: () => this.ctx.metrics.render(this.upstreams.flatMap((u) => u.health())),
        ready: () => this.proxyServer?.listening ?? false,
      });
      await listenOn(this.statusServer, this.env.statusListen.host, this.env.statusListen.port);
    }
    for (const upstream of this.upstreams) upstream.checker?.start();
    this.rotation?.start();
    this.logger.info(
      {
        config: this.env.declarativeConfigPath,
        proxy: `${this.env.proxyListen.host}:${this.proxyPort}`,
        status: this.statusServer ? `${this.env.statusListen!.host}:${this.statusPort}` : 'off',
        services: this.config.services.length,
        routes: this.config.routes.length,
        upstreams: this.config.upstreams.length,
        plugins: Object.keys(this.config.plugins),
        scopedPlugins: this.config.scopedPlugins.map((s) => ({ service: s.service, route: s.route, plugins: Object.keys(s.plugins) })),
        jwtCredentials: this.credentials.keys(),
      },
      'gateway listening',
    );
  }

  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then cuts what is left. */
  async close(graceMs = 10_000): Promise<void> {
    for (const upstream of this.upstreams) upstream.checker?.stop();
    this.rotation?.stop();
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([Promise.all([closeServer(this.proxyServer), closeServer(this.statusServer)]), deadline]);
    this.proxyServer?.closeAllConnections();
    this.statusServer?.closeAllConnections();
    await Promise.all(this.services.flatMap((s) => s.pools.map((p) => Promise.race([p.close(), deadline]).then(() => p.destroy()))));
    await this.ctx.rateLimiting?.close();
  }

  private status(): object {
    const m = this.ctx.metrics;
    const memory = process.memoryUsage();
    return {
      database: { reachable: true },
      configuration_hash: this.configHash,
      server: {
        connections_accepted: m.connectionsAccepted,
        connections_active: m.connectionsActive,
        connections_handled: m.connectionsAccepted,
        total_requests: m.totalRequests,
      },
      memory: { workers_lua_vms: [{ pid: process.pid, http_allocated_gc: `${(memory.heapUsed / 1048576).toFixed(2)} MiB` }] },
    };
  }
}

/**
 * The proxy listener's limits on clients: Kong's header sizes, and timeouts so that a client that sends slowly (or
 * not at all) cannot hold a connection for ever. `requestTimeout` covers receiving the request only: a response that
 * lasts (the notification stream) is not cut. Node checks the timeouts every `connectionsCheckingInterval`.
 */
function proxyServerOptions(timeouts: ClientTimeouts): ServerOptions {
  return {
    maxHeaderSize: HEADER_SECTION_MAX_BYTES,
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionsCheckingInterval: Math.min(1000, Math.ceil(timeouts.headersMs / 4)),
  };
}

function listenOn(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server | undefined): Promise<void> {
  if (!server?.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
