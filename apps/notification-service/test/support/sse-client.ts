import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { Agent, fetch, type Headers, type Response } from 'undici';

/** The response to a stream request that was refused: status and the error body. */
export interface Refused {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * A real HTTP client reading an SSE stream as a fetch-based SSE client does (undici's fetch, the body read chunk by
 * chunk, frames parsed by eventsource-parser): what it has received so far, for `waitFor`. Each client has its own
 * connection pool, destroyed by `close()`: an aborted fetch of the shared global pool leaves a fresh idle socket
 * behind, which an HTTP server closing waits for.
 */
export class SseClient {
  readonly events: EventSourceMessage[] = [];
  readonly comments: string[] = [];
  retry: number | undefined;
  ended = false;
  readonly headers: Headers;
  private constructor(
    response: Response,
    private readonly abort: AbortController,
    private readonly agent: Agent,
  ) {
    this.headers = response.headers;
    const parser = createParser({
      onEvent: (event) => this.events.push(event),
      onComment: (comment) => this.comments.push(comment.trim()),
      onRetry: (ms) => (this.retry = ms),
    });
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
      } catch {
        // aborted by close()
      } finally {
        this.ended = true;
      }
    })();
  }

  /** Opens the stream at `url`; a non-200 answer is returned as Refused (its JSON body read). */
  static async open(url: string, headers: Record<string, string>): Promise<SseClient | Refused> {
    const abort = new AbortController();
    const agent = new Agent();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal, dispatcher: agent });
    if (response.status === 200) return new SseClient(response, abort, agent);
    const body = (await response.json()) as Record<string, unknown>;
    await agent.close();
    return { status: response.status, body };
  }

  /** The ids of the events received, in order. */
  get ids(): string[] {
    return this.events.map((e) => e.id ?? '');
  }

  /** The notifications received (the parsed data), in order. */
  get notifications(): (Record<string, unknown> & { id: string; seq: string })[] {
    return this.events.map((e) => JSON.parse(e.data) as Record<string, unknown> & { id: string; seq: string });
  }

  /** Disconnects, as a browser tab closing. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.agent.destroy();
  }
}

/** Narrows an open result to a client (a refusal fails the test with its status and body). */
export function opened(result: SseClient | Refused): SseClient {
  if (result instanceof SseClient) return result;
  throw new Error(`the stream was refused: ${result.status} ${JSON.stringify(result.body)}`);
}
