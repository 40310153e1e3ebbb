/**
 * Server-Sent Events framing (WHATWG HTML, "Server-sent events"): the few frames the notification stream writes.
 * Pure, so the wire format is unit-tested.
 */

/** An event with an id: `id:`, `event:`, then the data (JSON never holds a raw newline, but every line is framed). */
export function sseEvent(id: string, event: string, data: string): string {
  const lines = data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`);
  return `id: ${id}\nevent: ${event}\n${lines.join('\n')}\n\n`;
}

/** A comment line: ignored by clients, keeps proxies from timing the connection out. */
export function sseComment(text: string): string {
  return `: ${text}\n\n`;
}

/** How long the client waits before reconnecting after the stream ends. */
export function sseRetry(ms: number): string {
  return `retry: ${ms}\n\n`;
}

/** A seq as the stream uses it as event id: a non-negative decimal that fits Postgres bigint. */
const SEQ = /^(0|[1-9]\d{0,17})$/;

/**
 * The `Last-Event-ID` a client sends back: absent or empty is `undefined` (start from now); a seq is returned as is;
 * anything else is `null` (the caller answers 400).
 */
export function parseLastEventId(header: string | undefined): string | undefined | null {
  if (header === undefined || header.trim() === '') return undefined;
  const value = header.trim();
  return SEQ.test(value) ? value : null;
}
