import { type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { type Router } from '../routing/router';
import { normalizePath } from '../routing/upstream-path';
import { type JwtOutcome } from '../jwt/jwt.plugin';
import { type RateLimitOutcome } from '../plugins/rate-limiting.plugin';
import { Exchange } from './exchange';
import { oversizedLine } from './header-limits';
import { EMPTY_OK, kongError, type KongError, LENGTH_REQUIRED, NO_ROUTE, TOO_LARGE, TOO_LARGE_EXPECT, UNEXPECTED } from './kong-errors';
import { type ProxyContext, type RouteRuntime } from './proxy-context';
import { clientAddressOf } from './real-ip';

/**
 * The proxy's request listener: Kong's access phase in plugin priority order (correlation-id 100001, cors 2000,
 * jwt 1450, request-size-limiting 951, rate-limiting 910; request-transformer 801 applies to the upstream headers),
 * then the balancer, with the plugins of the matched route (the global ones when none matched).
 */
export class ProxyHandler {
  private readonly rateLimitExceeded;

  constructor(
    private readonly ctx: ProxyContext,
    private readonly router: Router<RouteRuntime>,
  ) {
    const rl = ctx.rateLimiting?.config;
    this.rateLimitExceeded = rl ? kongError(rl.errorCode, rl.errorMessage) : undefined;
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => this.run(req, res, false);

  /**
   * Expect: 100-continue. Node would send "100 Continue" by itself; the gateway sends it only once the plugins let
   * the request through (as nginx does when it starts reading the body to proxy it), so an unauthenticated or
   * oversized upload (417, like Kong) is refused before the client sends it.
   */
  readonly handleExpectContinue = (req: IncomingMessage, res: ServerResponse): void => this.run(req, res, true);

  private run(req: IncomingMessage, res: ServerResponse, expectContinue: boolean): void {
    const ctx = this.ctx;
    const startedAt = performance.now();
    ctx.metrics.totalRequests++;
    const method = req.method ?? 'GET';
    const oversized = oversizedLine(req);
    if (oversized) return this.refuseOversized(req, res, startedAt, method, oversized);
    let url = req.url ?? '/';
    if (url.charCodeAt(0) !== 47 /* "/" */) url = absoluteFormPath(url);
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q);
    const path = normalizePath(rawPath);
    const headers = req.headers;
    const match = this.router.match(method, headers.host, path);
    const plugins = match === undefined ? ctx.globalPlugins : match.target.plugins;
    const ex = new Exchange(ctx, plugins, req, res, startedAt, method, rawPath, path, query);
    ex.expectContinue = expectContinue;
    ex.client = clientAddressOf(req, ctx.realIp);

    const correlation = plugins.correlationId;
    if (correlation) ex.correlationId = correlation.idFor(headers[correlation.headerKey]).id;

    if (match === undefined) return ex.exit(NO_ROUTE);
    ex.route = match.target;
    ex.matchedPath = match.matchedPath;

    const cors = plugins.cors;
    if (cors) {
      const preflight = cors.preflight(method, headers);
      if (preflight) return ex.exit(EMPTY_OK, preflight);
      if (!cors.isContinuedPreflight(method, headers)) ex.corsHeaders = cors.responseHeaders(headers.origin);
    }

    const jwt = plugins.jwt;
    if (jwt === undefined) return this.afterAuthentication(ex);
    const outcome = jwt.access(method, { rawQuery: query.slice(1), headers: req.headersDistinct });
    if (!(outcome instanceof Promise)) return this.afterJwt(ex, outcome);
    outcome.then(
      (o) => this.afterJwt(ex, o),
      () => ex.exit(UNEXPECTED),
    );
  }

  /** Kong refuses such a request before routing (nginx): the global plugins' headers, the connection closed. */
  private refuseOversized(req: IncomingMessage, res: ServerResponse, startedAt: number, method: string, error: KongError): void {
    const shown = (req.url ?? '/').slice(0, 256);
    const ex = new Exchange(this.ctx, this.ctx.globalPlugins, req, res, startedAt, method, shown, shown, '');
    ex.exit(error, ['Connection', 'close']);
  }

  private afterJwt(ex: Exchange, outcome: JwtOutcome): void {
    if (ex.res.destroyed) return;
    switch (outcome.kind) {
      case 'skipped':
        return this.afterAuthentication(ex);
      case 'authenticated':
        ex.identity = outcome.identity;
        return this.afterAuthentication(ex);
      case 'rejected':
        return ex.exit(outcome.error);
      case 'failed':
        return ex.exit(UNEXPECTED);
    }
  }

  private afterAuthentication(ex: Exchange): void {
    const headers = ex.req.headers;
    const size = ex.plugins.sizeLimit;
    if (size) {
      const length = headers['content-length'];
      if (length !== undefined && /^\d+$/.test(length)) {
        if (Number(length) > size.allowedBytes) return ex.exit(expectsContinue(ex.req) ? TOO_LARGE_EXPECT : TOO_LARGE);
      } else if (headers['transfer-encoding'] !== undefined) {
        if (size.requireContentLength) return ex.exit(LENGTH_REQUIRED);
        ex.countBody = true;
      } else if (size.requireContentLength && length !== undefined) {
        return ex.exit(LENGTH_REQUIRED);
      }
    }

    const rateLimiting = this.ctx.rateLimiting;
    if (rateLimiting === undefined) return ex.proxy();
    // limit_by: ip counts the address Kong resolved (kong.client.get_forwarded_ip(), nginx's $remote_addr)
    rateLimiting.check(ex.client.address, Date.now()).then(
      (outcome) => this.afterRateLimit(ex, outcome),
      () => ex.exit(UNEXPECTED),
    );
  }

  private afterRateLimit(ex: Exchange, outcome: RateLimitOutcome): void {
    if (ex.res.destroyed) return;
    switch (outcome.kind) {
      case 'skipped':
        return ex.proxy();
      case 'failed':
        return ex.exit(UNEXPECTED);
      case 'decided': {
        const decision = outcome.decision;
        if (decision.headers.length > 0) ex.rateLimitHeaders = decision.headers;
        if (decision.stop === undefined) return ex.proxy();
        const hidden = this.ctx.rateLimiting!.config.hideClientHeaders;
        return ex.exit(this.rateLimitExceeded!, hidden ? undefined : ['Retry-After', String(decision.reset)]);
      }
    }
  }
}

function expectsContinue(req: IncomingMessage): boolean {
  const expect = req.headers.expect;
  return typeof expect === 'string' && expect.trim().toLowerCase() === '100-continue';
}

function absoluteFormPath(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return '/';
  }
}
