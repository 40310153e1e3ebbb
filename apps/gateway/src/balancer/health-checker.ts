import { request } from 'node:http';
import { type ActiveHealthcheckConfig } from '../config/gateway-config';
import { type GatewayLogger } from '../logging/gateway-logger';
import { type Peer } from './peer';

export type ProbeResult = { readonly kind: 'status'; readonly status: number } | { readonly kind: 'tcp_failure' } | { readonly kind: 'timeout' };

interface Counters {
  successes: number;
  httpFailures: number;
  tcpFailures: number;
  timeouts: number;
}

/**
 * Kong's active health checks (lua-resty-healthcheck): each target is probed with GET http_path every
 * healthy.interval while healthy and every unhealthy.interval while unhealthy (0 = not probed). A healthy status
 * counts a success and clears the failure counters; an unhealthy status, a TCP failure or a timeout counts in its own
 * counter and clears the successes; statuses in neither list are ignored. Reaching a threshold flips the state.
 */
export class HealthChecker {
  private readonly counters = new Map<Peer, Counters>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly upstream: string,
    private readonly peers: readonly Peer[],
    readonly config: ActiveHealthcheckConfig,
    private readonly logger: GatewayLogger,
  ) {
    for (const peer of peers) this.counters.set(peer, { successes: 0, httpFailures: 0, tcpFailures: 0, timeouts: 0 });
  }

  get enabled(): boolean {
    return this.config.healthy.intervalMs > 0 || this.config.unhealthy.intervalMs > 0;
  }

  start(): void {
    for (const peer of this.peers) this.schedule(peer);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** Applies one probe result to a target (public for tests of the counting rules). */
  report(peer: Peer, result: ProbeResult): void {
    const c = this.counters.get(peer)!;
    const { healthy, unhealthy } = this.config;
    if (result.kind === 'status') {
      if (healthy.httpStatuses.includes(result.status)) {
        c.successes++;
        c.httpFailures = c.tcpFailures = c.timeouts = 0;
        if (!peer.healthy && healthy.successes > 0 && c.successes >= healthy.successes) this.flip(peer, true, `${c.successes} successful probes`);
        return;
      }
      if (!unhealthy.httpStatuses.includes(result.status)) return;
      c.successes = 0;
      c.httpFailures++;
      if (peer.healthy && unhealthy.httpFailures > 0 && c.httpFailures >= unhealthy.httpFailures) this.flip(peer, false, `${c.httpFailures} probes answered ${result.status}`);
      return;
    }
    c.successes = 0;
    if (result.kind === 'tcp_failure') {
      c.tcpFailures++;
      if (peer.healthy && unhealthy.tcpFailures > 0 && c.tcpFailures >= unhealthy.tcpFailures) this.flip(peer, false, `${c.tcpFailures} TCP failures`);
    } else {
      c.timeouts++;
      if (peer.healthy && unhealthy.timeouts > 0 && c.timeouts >= unhealthy.timeouts) this.flip(peer, false, `${c.timeouts} probe timeouts`);
    }
  }

  private flip(peer: Peer, healthy: boolean, reason: string): void {
    peer.healthy = healthy;
    const c = this.counters.get(peer)!;
    c.successes = c.httpFailures = c.tcpFailures = c.timeouts = 0;
    const fields = { upstream: this.upstream, target: peer.target.target, address: peer.address, reason };
    if (healthy) this.logger.warn(fields, 'upstream target is healthy again');
    else this.logger.warn(fields, 'upstream target marked unhealthy');
  }

  private schedule(peer: Peer): void {
    if (this.stopped) return;
    const interval = peer.healthy ? this.config.healthy.intervalMs : this.config.unhealthy.intervalMs;
    // an interval of 0 stops probing in that state; poll the state so probing resumes if the other side flips it
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (interval === 0) return this.schedule(peer);
      void this.probe(peer).then((result) => {
        if (this.stopped) return;
        this.report(peer, result);
        this.schedule(peer);
      });
    }, interval || 1000);
    timer.unref();
    this.timers.add(timer);
  }

  private probe(peer: Peer): Promise<ProbeResult> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (result: ProbeResult): void => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      const headers: Record<string, string | string[]> = { host: peer.hostHeader, 'user-agent': 'lua-resty-healthcheck' };
      for (const [name, values] of Object.entries(this.config.headers)) headers[name] = [...values];
      const req = request({ host: peer.dial.host, port: peer.dial.port, path: this.config.httpPath, method: 'GET', headers, agent: false }, (res) => {
        res.resume();
        done({ kind: 'status', status: res.statusCode ?? 0 });
        req.destroy();
      });
      req.setTimeout(this.config.timeoutMs, () => {
        done({ kind: 'timeout' });
        req.destroy();
      });
      req.on('error', () => done({ kind: 'tcp_failure' }));
      req.end();
    });
  }
}
