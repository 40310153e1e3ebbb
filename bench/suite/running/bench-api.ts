import { setTimeout as sleep } from 'node:timers/promises';

/** How long the bench's setup waits out a running stack's 429s before it gives up. */
const RATE_LIMIT_PATIENCE_MS = 180_000;
/** A 503 (a dependency of the stack briefly away: a Redis timeout on a loaded machine) is asked again this often. */
const UNAVAILABLE_RETRIES = 5;
const UNAVAILABLE_DELAY_MS = 1_000;

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** A failed setup call: what was asked, what came back. */
export class BenchApiError extends Error {}

/**
 * JSON calls to a running TaskHub for the bench's setup (users, projects, tasks). A 429 of the running stack's limits is
 * waited out (its Retry-After, else a second) and said once, so the reader knows those limits apply to the run too; a
 * 503 is asked again a few times. (Measured rows retry nothing: there every non-2xx is an error.)
 */
export class BenchApi {
  private limitedSaid = false;
  rateLimited = 0;

  constructor(
    readonly baseUrl: string,
    private readonly log: (line: string) => void,
  ) {}

  async call(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<ApiAnswer> {
    const giveUpAt = Date.now() + RATE_LIMIT_PATIENCE_MS;
    let unavailable = 0;
    for (;;) {
      const headers: Record<string, string> = {};
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
      const text = await response.text();
      if (response.status === 429 && Date.now() < giveUpAt) {
        this.rateLimited += 1;
        const wait = Math.min(60, Math.max(1, Number(response.headers.get('retry-after')) || 1));
        if (!this.limitedSaid) {
          this.log(`setup: ${method} ${path} answered 429: the running stack's rate limits apply; waiting them out (docs/performance.md, "Against a running stack")`);
          this.limitedSaid = true;
        }
        await sleep(wait * 1000);
        continue;
      }
      if (response.status === 503 && unavailable < UNAVAILABLE_RETRIES) {
        unavailable += 1;
        this.log(`setup: ${method} ${path} answered 503 (${text.slice(0, 160)}); asking again in ${UNAVAILABLE_DELAY_MS / 1000} s`);
        await sleep(UNAVAILABLE_DELAY_MS);
        continue;
      }
      let body: unknown = text;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body };
    }
  }

  /** `call`, and a BenchApiError unless the status is one of `expected`. */
  async expect<T>(expected: readonly number[], method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
    const answer = await this.call(method, path, options);
    if (!expected.includes(answer.status)) throw new BenchApiError(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    return answer.body as T;
  }
}
