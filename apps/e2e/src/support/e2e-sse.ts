import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { Agent, fetch, type Response } from 'undici';

/** A notification as the stream sends it (the inbox item, with its seq). */
export type StreamedNotification = Record<string, unknown> & { id: string; seq: string };

/** A frame as parsed, and when it arrived: `performance.now()` of the jest worker, the clock a spec times its requests with. */
export type ReceivedEvent = EventSourceMessage & { readonly receivedAt: number };

/**
 * A fetch-based SSE client, as the notification service's integration tests use (undici's fetch, the body read chunk
 * by chunk, frames parsed by eventsource-parser): what it has received so far, for `waitFor`. Its own connection pool,
 * destroyed by `close()`, so no idle socket is left behind.
 */
export class E2eSseStream {
  readonly events: ReceivedEvent[] = [];
  ended = false;

  private constructor(
    response: Response,
    private readonly abort: AbortController,
    private readonly agent: Agent,
  ) {
    // fed as each chunk is read, so `receivedAt` is the chunk's arrival, not when a spec's waitFor looked
    const parser = createParser({ onEvent: (event) => this.events.push({ ...event, receivedAt: performance.now() }) });
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

  /** Opens the stream at `url` with `accessToken` (and `Last-Event-ID` when given); anything but 200 throws. */
  static async open(url: string, accessToken: string, lastEventId?: string): Promise<E2eSseStream> {
    const abort = new AbortController();
    const agent = new Agent();
    const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${accessToken}` };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const response = await fetch(url, { headers, signal: abort.signal, dispatcher: agent });
    if (response.status !== 200) {
      const body = await response.text();
      await agent.close();
      throw new Error(`the stream at ${url} was refused: ${response.status} ${body}`);
    }
    return new E2eSseStream(response, abort, agent);
  }

  /** The SSE ids received, in order. */
  get ids(): string[] {
    return this.events.map((e) => e.id ?? '');
  }

  /** The notifications received (the parsed data of the `notification` events), in order. */
  get notifications(): StreamedNotification[] {
    return this.arrivals.map((a) => a.notification);
  }

  /** The notifications received, in order, each with when it arrived. */
  get arrivals(): { notification: StreamedNotification; receivedAt: number }[] {
    return this.events
      .filter((e) => e.event === 'notification')
      .map((e) => ({ notification: JSON.parse(e.data) as StreamedNotification, receivedAt: e.receivedAt }));
  }

  /** Disconnects, as a browser tab closing. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.agent.destroy();
  }
}
