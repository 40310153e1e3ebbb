import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import path from 'node:path';

/** One request a receiver got: its path, headers and raw body. */
export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A webhook endpoint for tests: a real HTTP server on 127.0.0.1 that records every request and answers each path with
 * the status set for it (200 unless `respond` says otherwise). A path given to `hold` is a deliberately slow
 * endpoint: its requests are recorded and left unanswered until `release`.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly statuses = new Map<string, number>();
  private readonly holding = new Set<string>();
  private readonly heldResponses: { path: string; answer: () => void }[] = [];

  private readonly server: Server;

  private constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const requestPath = request.url ?? '/';
        this.requests.push({ path: requestPath, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        const answer = (): void => void response.writeHead(this.statuses.get(requestPath) ?? 200, { 'content-type': 'text/plain' }).end('ok');
        if (this.holding.has(requestPath)) this.heldResponses.push({ path: requestPath, answer });
        else answer();
      });
    });
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(requestPath: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${requestPath}`;
  }

  respond(requestPath: string, status: number): void {
    this.statuses.set(requestPath, status);
  }

  /** Leaves the requests to `requestPath` unanswered (until `release`). */
  hold(requestPath: string): void {
    this.holding.add(requestPath);
  }

  /** How many requests to `requestPath` are waiting for their answer. */
  held(requestPath: string): number {
    return this.heldResponses.filter((r) => r.path === requestPath).length;
  }

  /** Answers the held requests of `requestPath`, and answers its next ones at once. */
  release(requestPath: string): void {
    this.holding.delete(requestPath);
    for (const held of this.heldResponses.filter((r) => r.path === requestPath)) {
      this.heldResponses.splice(this.heldResponses.indexOf(held), 1);
      held.answer();
    }
  }

  at(requestPath: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === requestPath);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

type Verify = (secret: string, rawBody: string, signatureHeader: string, toleranceSeconds?: number) => boolean;

/** The verification snippet of docs/webhooks.md (the js block after `<!-- verify-snippet -->`), as a function. */
export function verifierFromDocs(): Verify {
  const doc = readFileSync(path.join(__dirname, '../../../../docs/webhooks.md'), 'utf8');
  const match = /<!-- verify-snippet -->\s*```js\n([\s\S]*?)```/.exec(doc);
  if (!match) throw new Error('docs/webhooks.md has no js block after <!-- verify-snippet -->');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the documented snippet itself is what is tested
  const load = new Function('require', `${match[1]}\nreturn verifyTaskHubSignature;`) as (req: NodeJS.Require) => Verify;
  return load(require);
}
