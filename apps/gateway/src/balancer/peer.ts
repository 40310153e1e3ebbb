import { type TargetConfig } from '../config/gateway-config';
import { type ListenAddress } from '../config/gateway-env';

/** One target of an upstream: where it is dialled and its health (shared by every service using the upstream). */
export class Peer {
  healthy = true;
  /** ip:port actually dialled (after GATEWAY_CONNECT_TO) */
  readonly address: string;
  readonly origin: string;

  constructor(
    readonly target: TargetConfig,
    readonly dial: ListenAddress,
    /** the Host header sent upstream when preserve_host is false (Kong: host_header, else target host:port) */
    readonly hostHeader: string,
  ) {
    const host = dial.host.includes(':') ? `[${dial.host}]` : dial.host;
    this.address = `${host}:${dial.port}`;
    this.origin = `http://${this.address}`;
  }

  get weight(): number {
    return this.target.weight;
  }
}
