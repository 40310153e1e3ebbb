import { Pool } from 'undici';
import { type ServiceConfig, type UpstreamConfig } from '../config/gateway-config';
import { type ConnectTo } from '../config/gateway-env';
import { type GatewayLogger } from '../logging/gateway-logger';
import { type TargetHealth } from '../metrics/gateway-metrics';
import { HealthChecker } from './health-checker';
import { Peer } from './peer';
import { RoundRobin } from './round-robin';

/** An upstream (or the single host of a service without one): its targets, balancer and health checker. */
export class UpstreamRuntime {
  readonly balancer: RoundRobin<Peer>;
  readonly checker: HealthChecker | undefined;

  constructor(
    readonly name: string,
    readonly peers: readonly Peer[],
    checker: HealthChecker | undefined,
  ) {
    this.balancer = new RoundRobin(peers);
    this.checker = checker?.enabled ? checker : undefined;
  }

  /**
   * One peer per address of each target: a target whose name GATEWAY_CONNECT_TO maps to several addresses is balanced
   * and health-checked per address, each with the target's weight, as Kong does with a name of several A records.
   */
  static fromConfig(config: UpstreamConfig, connectTo: ConnectTo, logger: GatewayLogger): UpstreamRuntime {
    const peers = config.targets.flatMap((t) =>
      connectTo(t.host, t.port).map((address) => new Peer(t, address, config.hostHeader ?? hostWithPort(t.host, t.port))),
    );
    return new UpstreamRuntime(config.name, peers, new HealthChecker(config.name, peers, config.active, logger));
  }

  /**
   * A service whose host is not an upstream: Kong resolves the name and uses it directly, round-robin over its
   * addresses (DNS-based balancing), no health checks.
   */
  static forHost(service: ServiceConfig, connectTo: ConnectTo): UpstreamRuntime {
    const target = { target: `${service.host}:${service.port}`, host: service.host, port: service.port, weight: 100 };
    const peers = connectTo(service.host, service.port).map((address) => new Peer(target, address, hostWithPort(service.host, service.port)));
    return new UpstreamRuntime(service.host, peers, undefined);
  }

  health(): TargetHealth[] {
    return this.peers.map((p) => ({
      upstream: this.name,
      target: p.target.target,
      address: p.address,
      state: this.checker ? (p.healthy ? 'healthy' : 'unhealthy') : 'healthchecks_off',
    }));
  }
}

/** The upstream as one service sees it: its timeouts and one keep-alive pool per target. */
export class ServiceRuntime {
  readonly pools: readonly Pool[];

  constructor(
    readonly config: ServiceConfig,
    readonly upstream: UpstreamRuntime,
  ) {
    this.pools = upstream.peers.map(
      (peer) =>
        new Pool(peer.origin, {
          connectTimeout: config.connectTimeoutMs,
          // like Kong's upstream_keepalive_idle_timeout (60 s); a shorter Keep-Alive hint from the server wins
          keepAliveTimeout: 60_000,
          keepAliveMaxTimeout: 60_000,
          pipelining: 1,
        }),
    );
  }
}

/** Kong sends host:port unless the port is the scheme default. */
function hostWithPort(host: string, port: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === 80 ? h : `${h}:${port}`;
}
