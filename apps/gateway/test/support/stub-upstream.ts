import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface EchoBody {
  readonly upstream: string;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly bodyBytes: number;
}

/**
 * A trivial upstream for gateway tests (the gateway is the thing under test): echoes what it received as JSON and
 * answers GET /health/ready with a status the test controls.
 */
export class StubUpstream {
  readyStatus = 200;
  requests = 0;

  private constructor(
    readonly name: string,
    private readonly server: Server,
  ) {}

  static async start(name: string): Promise<StubUpstream> {
    const server = createServer();
    const stub = new StubUpstream(name, server);
    server.on('request', (req, res) => {
      if (req.url === '/health/ready') {
        res.writeHead(stub.readyStatus, { 'content-type': 'application/json' });
        return res.end(`{"status":${stub.readyStatus}}`);
      }
      stub.requests++;
      let bodyBytes = 0;
      req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
      req.on('end', () => {
        const body: EchoBody = { upstream: name, method: req.method ?? '', url: req.url ?? '', headers: req.headers, bodyBytes };
        res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'set-by-upstream' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
