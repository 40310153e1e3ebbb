import { createServer, type ServerResponse, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

/**
 * An upstream that answers every request with an open Server-Sent Events stream the test writes to (the
 * notification service's stream, as far as the gateway can tell); /health/ready answers 200 for the active checks.
 */
export class SseUpstream {
  /** the open streams, oldest first */
  readonly streams: ServerResponse[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<SseUpstream> {
    const server = createServer();
    const upstream = new SseUpstream(server);
    server.on('request', (req, res) => {
      if (req.url === '/health/ready') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"status":"ok"}');
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('retry: 3000\n\n');
      upstream.streams.push(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return upstream;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Writes one event on a stream. */
  send(stream: ServerResponse, id: string, data: string): void {
    stream.write(`id: ${id}\nevent: notification\ndata: ${data}\n\n`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
