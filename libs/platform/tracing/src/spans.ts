import { type Context, context, type Link, ROOT_CONTEXT, type Span, type SpanContext, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { childTraceparent, formatTraceparent, parseTraceparent } from './traceparent';
import { isTracingEnabled } from './start-tracing';

const TRACER_NAME = '@taskhub/platform';

/** The tracer of TaskHub's own spans (messaging); only meaningful once tracing is on. */
export function platformTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/** The traceparent of a span (its own id as the parent of whatever it sends). */
export function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return formatTraceparent({ traceId, spanId, traceFlags });
}

/** The traceparent of the active span, if tracing is on and a valid span is active. */
export function activeTraceparent(): string | undefined {
  if (!isTracingEnabled()) return undefined;
  const span = trace.getActiveSpan();
  return span !== undefined && span.spanContext().traceId !== '00000000000000000000000000000000' ? traceparentOf(span) : undefined;
}

/**
 * The traceparent of a request being served: with tracing on, its server span's (the http instrumentation made it,
 * as a child of the caller's `traceparent`); otherwise, or for an untraced request, a span id of our own in the
 * caller's trace, or a new trace when the caller sent no valid `traceparent`.
 */
export function serverTraceparent(header: string | readonly string[] | undefined): string {
  return activeTraceparent() ?? childTraceparent(header);
}

/** A remote span context from a traceparent, or undefined if it is not valid. */
export function remoteSpanContext(traceparent: string | null | undefined): SpanContext | undefined {
  const parts = parseTraceparent(traceparent);
  return parts ? { traceId: parts.traceId, spanId: parts.spanId, traceFlags: parts.traceFlags, isRemote: true } : undefined;
}

/** The context whose parent is the span a traceparent names (a new root when it names none). */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  const remote = remoteSpanContext(traceparent);
  return remote ? trace.setSpanContext(ROOT_CONTEXT, remote) : ROOT_CONTEXT;
}

/** Links to the spans a list of traceparents name (invalid ones are left out). */
export function linksTo(traceparents: readonly (string | null | undefined)[]): Link[] {
  return traceparents.flatMap((tp) => {
    const remote = remoteSpanContext(tp);
    return remote ? [{ context: remote }] : [];
  });
}

/** Runs `fn` with `span` active (not ending it). */
export function withActiveSpan<T>(span: Span, fn: () => T): T {
  return context.with(trace.setSpan(context.active(), span), fn);
}

/**
 * Runs `fn` with `span` active (its pg queries and child spans under it) and ends the span when `fn` settles, with
 * the error recorded if it throws.
 */
export async function inSpan<T>(span: Span, fn: () => Promise<T>, parent: Context = context.active()): Promise<T> {
  try {
    return await context.with(trace.setSpan(parent, span), fn);
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks a span failed with the error as an exception event. */
export function recordFailure(span: Span, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
}
