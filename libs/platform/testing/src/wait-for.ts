export interface WaitForOptions {
  /** give up after this long (default 20 s: a passing wait returns as soon as its condition holds) */
  readonly timeoutMs?: number;
  /** pause between attempts (default 100 ms) */
  readonly intervalMs?: number;
  /** what is awaited, for the timeout message */
  readonly description: string;
}

/** What a truthy check leaves of T. */
export type Truthy<T> = Exclude<T, false | null | undefined | 0 | '' | 0n>;

/**
 * Polls `probe` until it returns a truthy value (which is returned) or the deadline passes.
 * A probe that throws counts as "not yet"; the last error or value is quoted in the timeout message.
 */
export async function waitFor<T>(probe: () => T | Promise<T>, options: WaitForOptions): Promise<Truthy<T>> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt finished';
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Truthy<T>;
      last = `last value: ${describe(value)}`;
    } catch (error) {
      last = `last error: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.description} (${last})`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
