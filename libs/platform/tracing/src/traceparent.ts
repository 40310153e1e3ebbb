import { randomFillSync } from 'node:crypto';

/** The W3C Trace Context header (https://www.w3.org/TR/trace-context/). */
export const TRACEPARENT_HEADER = 'traceparent';

/** The parts of a valid `traceparent`: lower-case hex, ids not all zero. */
export interface TraceparentParts {
  /** 32 hex digits */
  readonly traceId: string;
  /** 16 hex digits: the id of the span that sent it (the parent of whoever receives it) */
  readonly spanId: string;
  /** the trace-flags byte; bit 0 is `sampled` */
  readonly traceFlags: number;
}

// version 00 is exactly 55 characters; a later version may append fields after a dash (read as 00, per the spec)
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);
const SAMPLED = 0x01;

/** A traceparent header value if it is valid, else undefined (repeated headers: the first). */
export function parseTraceparent(raw: string | readonly string[] | null | undefined): TraceparentParts | undefined {
  const value: unknown = typeof raw === 'string' || raw === undefined || raw === null ? raw : raw[0];
  if (typeof value !== 'string') return undefined;
  const match = TRACEPARENT.exec(value.trim());
  if (match === null) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE_ID || spanId === ZERO_SPAN_ID) return undefined;
  return { traceId, spanId, traceFlags: parseInt(flags, 16) };
}

/** `00-<trace id>-<span id>-<flags>` */
export function formatTraceparent(parts: TraceparentParts): string {
  return `00-${parts.traceId}-${parts.spanId}-${(parts.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/**
 * A traceparent for a span of our own under `parent`: the parent's trace id and flags with a new span id, or a new
 * trace when there is no valid parent. Used when tracing is off, so that logs and events still carry the caller's
 * trace id. A new trace is marked sampled: a service that records nothing must not stop the next one from recording.
 */
export function childTraceparent(parent?: string | readonly string[] | null): string {
  const parts = parseTraceparent(parent);
  return formatTraceparent({
    traceId: parts?.traceId ?? randomTraceId(),
    spanId: randomSpanId(),
    traceFlags: parts?.traceFlags ?? SAMPLED,
  });
}

/** The trace id of a valid traceparent, else undefined. */
export function traceIdOf(traceparent: string | null | undefined): string | undefined {
  return parseTraceparent(traceparent)?.traceId;
}

// Random ids from a pooled buffer: one randomFillSync per 128 ids instead of one allocation per id.
const pool = Buffer.allocUnsafe(16 * 128);
let offset = pool.length;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/** 32 hex digits, never all zero. */
export function randomTraceId(): string {
  let id = randomHex(16);
  while (id === ZERO_TRACE_ID) id = randomHex(16);
  return id;
}

/** 16 hex digits, never all zero. */
export function randomSpanId(): string {
  let id = randomHex(8);
  while (id === ZERO_SPAN_ID) id = randomHex(8);
  return id;
}
