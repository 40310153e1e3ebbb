import { createParser } from 'eventsource-parser';
import { Agent, fetch } from 'undici';

/**
 * One open notification stream (`GET /api/v1/notifications/stream`, Server-Sent Events): for each `notification`
 * frame, its task id and when the chunk arrived (performance.now()). Its own connection, closed by `close()`.
 */
export class SseStream {
  private readonly abort = new AbortController();
  private readonly agent = new Agent();

  private constructor(private readonly onTask: (taskId: string, receivedAt: number) => void) {}

  static async open(url: string, authorization: string, onTask: (taskId: string, receivedAt: number) => void): Promise<SseStream> {
    const stream = new SseStream(onTask);
    const response = await fetch(url, { headers: { accept: 'text/event-stream', authorization }, signal: stream.abort.signal, dispatcher: stream.agent });
    if (response.status !== 200) {
      const body = await response.text();
      await stream.agent.close();
      throw new Error(`the notification stream was refused: ${response.status} ${body}`);
    }
    const parser = createParser({
      onEvent: (event) => {
        if (event.event !== 'notification') return;
        const taskId = (JSON.parse(event.data) as { taskId?: unknown }).taskId;
        if (typeof taskId === 'string') stream.onTask(taskId, performance.now());
      },
    });
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
      } catch {
        // aborted by close()
      }
    })();
    return stream;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.agent.destroy();
  }
}
