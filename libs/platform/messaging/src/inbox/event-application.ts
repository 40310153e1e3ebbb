import { type Link, type Span } from '@opentelemetry/api';
import { type ParsedEvent } from '@taskhub/contracts';
import { type RequestContext, runWithRequestContext } from '@taskhub/platform-logging';
import { childTraceparent, inSpan, isTracingEnabled, traceparentOf } from '@taskhub/platform-tracing';
import { type ProcessedEvent, startBatchProcessSpan, startProcessSpan } from '../messaging-spans';

function processedEvent({ envelope, contract }: ParsedEvent): ProcessedEvent {
  return { id: envelope.id, routingKey: contract.routingKey, correlationId: envelope.correlationId, traceparent: envelope.traceparent };
}

/**
 * The application of one event by a consumer, as the handler sees it: a request context with the event's
 * `correlationId`, its id (`eventId`, the cause of whatever the handler writes to its outbox), its `causationId` and
 * a `traceparent`, so that every log line of the handler carries them; with tracing on, a CONSUMER span
 * `process <routing key>` whose parent is the event's creation context, so the handler and its queries are part of
 * the trace of the request that wrote the event. With tracing off, a span id of our own in the event's trace.
 */
export class EventApplication {
  readonly context: RequestContext;
  private readonly span: Span | undefined;

  /** `links`: the batch span of a group commit */
  constructor(parsed: ParsedEvent, queue: string, links: readonly Link[] = []) {
    const { envelope } = parsed;
    this.span = isTracingEnabled() ? startProcessSpan(processedEvent(parsed), queue, links) : undefined;
    this.context = {
      correlationId: envelope.correlationId,
      eventId: envelope.id,
      ...(envelope.causationId !== null ? { causationId: envelope.causationId } : {}),
      traceparent: this.span ? traceparentOf(this.span) : childTraceparent(envelope.traceparent),
    };
  }

  /** Runs `fn` in the event's context and span; the span ends when `fn` settles (failed if it throws). */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const { span } = this;
    return runWithRequestContext(this.context, span ? () => inSpan(span, fn) : fn);
  }

  /** Runs `fn` in the event's log context only (what follows a failure: its retry or parking, logged as the event's). */
  inContext<T>(fn: () => T): T {
    return runWithRequestContext(this.context, fn);
  }
}

/**
 * Runs a group commit: with tracing on, in a CONSUMER span `process <queue>` (the shared transaction: BEGIN, the inbox
 * INSERT, COMMIT) linked to every event's creation context; `fn` gets the links its events' process spans carry back
 * to it. With tracing off, just `fn([])`.
 */
export function inBatchSpan<T>(batch: readonly ParsedEvent[], queue: string, fn: (links: readonly Link[]) => Promise<T>): Promise<T> {
  if (!isTracingEnabled()) return fn([]);
  const span = startBatchProcessSpan(batch.map(processedEvent), queue);
  const links = [{ context: span.spanContext() }];
  return inSpan(span, () => fn(links));
}
