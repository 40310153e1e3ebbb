import { createConnection, createServer, type Server, type Socket } from 'node:net';

export type FaultMode = 'pass' | 'cut' | 'blackhole';

export interface FaultProxyOptions {
  /** the real server */
  readonly target: { readonly host: string; readonly port: number };
  /** port to listen on, 127.0.0.1 only (default: a free one) */
  readonly listenPort?: number;
}

interface Pair {
  readonly client: Socket;
  readonly upstream?: Socket;
}

/**
 * A TCP proxy in front of one server (Postgres, Redis, ...) that can simulate outages without touching the server:
 * - `cut()`: every open connection is closed and new ones are closed on accept, as if the server had died (the port
 *   stays bound so `restore()` can bring it back);
 * - `blackhole()`: connections are accepted and held, nothing is forwarded, as with a hung server or a dropped route;
 * - `restore()`: new connections are forwarded again (connections held by the blackhole are closed).
 */
/*
 * Connections are closed with destroy(), never resetAndDestroy(): with resetAndDestroy() the Postgres outage tests left
 * a TCP handle that Node no longer referenced but never closed (Node 20.20; not reduced to a standalone reproduction),
 * and at exit the process spun on it forever: Jest at 100% CPU after "Ran all test suites" until CI's time limit.
 * To a client a closed connection is just as much "the server is gone".
 */
export class FaultProxy {
  private mode: FaultMode = 'pass';
  private readonly pairs = new Set<Pair>();

  private constructor(
    private readonly server: Server,
    private readonly target: FaultProxyOptions['target'],
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const server = createServer({ pauseOnConnect: true });
    const proxy = new FaultProxy(server, options.target);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.listenPort ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('fault proxy is not listening');
    return address.port;
  }

  get currentMode(): FaultMode {
    return this.mode;
  }

  /** number of client connections currently open through the proxy */
  get openConnections(): number {
    return this.pairs.size;
  }

  /** The same URL (credentials, path, query kept) pointing at this proxy. */
  url(original: string): string {
    const url = new URL(original);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  cut(): void {
    this.mode = 'cut';
    this.dropAll();
  }

  blackhole(): void {
    this.mode = 'blackhole';
    for (const pair of [...this.pairs]) {
      if (!pair.upstream) continue;
      // keep the client connection open but silent; the server side goes away
      pair.upstream.unpipe(pair.client);
      pair.client.unpipe(pair.upstream);
      pair.upstream.removeAllListeners('close');
      pair.upstream.destroy();
      this.pairs.delete(pair);
      this.hold(pair.client);
    }
  }

  restore(): void {
    if (this.mode === 'blackhole') this.dropAll();
    this.mode = 'pass';
  }

  async close(): Promise<void> {
    this.mode = 'cut';
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    switch (this.mode) {
      case 'cut':
        client.destroy();
        return;
      case 'blackhole':
        this.hold(client);
        return;
      case 'pass':
        this.forward(client);
        return;
    }
  }

  private hold(client: Socket): void {
    const pair: Pair = { client };
    this.pairs.add(pair);
    client.on('data', () => undefined); // read and discard, so the client never blocks on a full buffer
    client.on('close', () => this.pairs.delete(pair));
    client.resume();
  }

  private forward(client: Socket): void {
    const upstream = createConnection({ host: this.target.host, port: this.target.port });
    const pair: Pair = { client, upstream };
    this.pairs.add(pair);
    const drop = (): void => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    upstream.on('error', drop);
    upstream.on('close', drop);
    client.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  }

  private dropAll(): void {
    for (const pair of [...this.pairs]) {
      this.pairs.delete(pair);
      pair.client.destroy();
      pair.upstream?.destroy();
    }
  }
}
