import { type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { type Router } from '../routing/router';
import { normalizePath } from '../routing/upstream-path';
import { type RateLimitOutcome } from '../plugins/rate-limiting.plugin';
import { Exchange } from './exchange';
import { clientAddress } from './headers';
import { EMPTY_OK, kongError, LENGTH_REQUIRED, NO_ROUTE, TOO_LARGE, TOO_LARGE_EXPECT, UNEXPECTED } from './kong-errors';
import { type ProxyContext, type RouteRuntime } from './proxy-context';

/**
 * The proxy's request listener: Kong's phases in its plugin order (correlation-id, cors, request-size-limiting,
 * rate-limiting, then the balancer), against a router and plugins prepared at start.
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

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const ctx = this.ctx;
    const startedAt = performance.now();
    ctx.metrics.totalRequests++;
    const method = req.method ?? 'GET';
    let url = req.url ?? '/';
    if (url.charCodeAt(0) !== 47 /* "/" */) url = absoluteFormPath(url);
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q);
    const path = normalizePath(rawPath);
    const ex = new Exchange(ctx, req, res, startedAt, method, rawPath, path, query);
    const headers = req.headers;

    const correlation = ctx.correlationId;
    if (correlation) ex.correlationId = correlation.idFor(headers[correlation.headerKey]).id;

    const match = this.router.match(method, headers.host, path);
    if (match === undefined) return ex.exit(NO_ROUTE);
    ex.route = match.target;
    ex.matchedPath = match.matchedPath;

    const cors = ctx.cors;
    if (cors) {
      const preflight = cors.preflight(method, headers);
      if (preflight) return ex.exit(EMPTY_OK, preflight);
      if (!cors.isContinuedPreflight(method, headers)) ex.corsHeaders = cors.responseHeaders(headers.origin);
    }

    const size = ctx.sizeLimit;
    if (size) {
      const length = headers['content-length'];
      if (length !== undefined && /^\d+$/.test(length)) {
        if (Number(length) > size.allowedBytes) return ex.exit(expectsContinue(req) ? TOO_LARGE_EXPECT : TOO_LARGE);
      } else if (headers['transfer-encoding'] !== undefined) {
        if (size.requireContentLength) return ex.exit(LENGTH_REQUIRED);
        ex.countBody = true;
      } else if (size.requireContentLength && length !== undefined) {
        return ex.exit(LENGTH_REQUIRED);
      }
    }

    const rateLimiting = ctx.rateLimiting;
    if (rateLimiting === undefined) return ex.proxy();
    rateLimiting.check(clientAddress(req.socket.remoteAddress), Date.now()).then(
      (outcome) => this.afterRateLimit(ex, outcome),
      () => ex.exit(UNEXPECTED),
    );
  };

  /**
   * Expect: 100-continue. Node would send "100 Continue" by itself; the gateway first applies request-size-limiting
   * to the announced length, so an oversized upload is refused (417, like Kong) before the client sends it.
   */
  readonly handleExpectContinue = (req: IncomingMessage, res: ServerResponse): void => {
    const size = this.ctx.sizeLimit;
    const length = req.headers['content-length'];
    const refused = size !== undefined && length !== undefined && /^\d+$/.test(length) && Number(length) > size.allowedBytes;
    if (!refused) res.writeContinue();
    this.handle(req, res);
  };

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
