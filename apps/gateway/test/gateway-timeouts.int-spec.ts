import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { waitFor } from '@taskhub/platform-testing';
import { startGateway, writeTempConfig, type StartedGateway } from './support/gateway-harness';
import { SseUpstream } from './support/sse-upstream';
import { testConfig } from './support/test-config';

/** Small values, so that the spec sees them act; production keeps the defaults (60 s, 120 s, 60 s). */
const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;

interface Cut {
  /** what the gateway wrote before closing */
  readonly answer: string;
  /** ms from connecting until the gateway closed the connection */
  readonly afterMs: number;
}

/**
 * Opens a raw connection and feeds it `parts` one every `everyMs` (then keeps quiet), until the gateway closes it or
 * `giveUpMs` pass; resolves with what the gateway answered and when it closed.
 */
function dribble(port: number, parts: readonly string[], everyMs: number, giveUpMs: number): Promise<Cut | 'still open'> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const started = performance.now();
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < parts.length && !socket.destroyed) socket.write(parts[sent++]);
    }, everyMs);
    const giveUp = setTimeout(() => finish('still open'), giveUpMs);
    const finish = (result: Cut | 'still open'): void => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve(result);
    };
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => finish({ answer, afterMs: performance.now() - started }));
    socket.on('error', (error) => (answer === '' ? reject(error) : undefined));
  });
}

/** A request line, then its headers one character at a time: the client that never finishes its headers. */
const slowHeaders = ['GET /api/v1/tasks/1 HTTP/1.1\r\nHost: gateway\r\n', ...'X-Slow: 1234567890123456789012345678901234567890'.split('')];

describe('gateway timeouts (slow clients)', () => {
  let upstream: SseUpstream;
  let gw: StartedGateway;

  beforeAll(async () => {
    upstream = await SseUpstream.start();
    gw = await startGateway(writeTempConfig(testConfig()), {
      GATEWAY_CONNECT_TO: `task-service:3003=127.0.0.1:${upstream.port}`,
      GATEWAY_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      GATEWAY_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      LOG_LEVEL: 'warn',
    });
  });

  afterAll(async () => {
    await gw.close();
    await upstream.close();
  });

  it('should cut off a client that sends its headers slowly with 408 once the headers timeout passes', async () => {
    const cut = await dribble(gw.gateway.proxyPort, slowHeaders, 100, 8000);

    expect(cut).not.toBe('still open');
    const { answer, afterMs } = cut as Cut;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    // Node checks its connections every interval (a quarter of the timeout here): cut between the timeout and 2x it
    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(afterMs).toBeLessThan(2 * HEADERS_TIMEOUT_MS + 500);
  });

  it('should cut off a connection that sends nothing once the headers timeout passes', async () => {
    const cut = await dribble(gw.gateway.proxyPort, [], 100, 8000);

    expect(cut).not.toBe('still open');
    expect((cut as Cut).afterMs).toBeLessThan(2 * HEADERS_TIMEOUT_MS + 500);
  });

  it('should cut off a client that sends its body slowly once the request timeout passes', async () => {
    const head = 'POST /api/v1/tasks HTTP/1.1\r\nHost: gateway\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n';
    const cut = await dribble(gw.gateway.proxyPort, [head, ...'x'.repeat(100).split('')], 100, 8000);

    expect(cut).not.toBe('still open');
    expect((cut as Cut).afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect((cut as Cut).afterMs).toBeLessThan(2 * REQUEST_TIMEOUT_MS + 500);
  });

  it('should keep a long response open past both timeouts: a stream is a long response, not a long request', async () => {
    const received: string[] = [];
    const controller = new AbortController();
    const response = await fetch(`${gw.url}/api/v1/tasks/stream`, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    const reading = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) received.push(decoder.decode(chunk, { stream: true }));
      } catch {
        // aborted by the test at the end
      }
    })();
    await waitFor(() => upstream.streams.length > 0, { description: 'the stream open at the upstream' });
    const stream = upstream.streams[upstream.streams.length - 1];

    const openUntil = performance.now() + 2 * REQUEST_TIMEOUT_MS + 500;
    let sent = 0;
    while (performance.now() < openUntil) {
      const n = ++sent;
      upstream.send(stream, String(n), `{"n":${n}}`);
      await waitFor(() => received.join('').includes(`"n":${n}}`), { description: `event ${n} through the gateway`, timeoutMs: 2000, intervalMs: 10 });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    controller.abort();
    await reading;

    expect(response.status).toBe(200);
    expect(sent).toBeGreaterThan(5);
  });
});
