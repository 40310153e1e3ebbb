import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while serving a request (or applying an event) needs to know about it. */
export interface RequestContext {
  /** the X-Request-ID of the request that started it all, carried through every hop */
  readonly correlationId: string;
  /** W3C traceparent of the span serving it: the server span, the consume span, or one of our own when tracing is off */
  readonly traceparent?: string;
  /** applying an event: the id of the event being applied (it causes whatever the handler writes to its outbox) */
  readonly eventId?: string;
  /** applying an event: what caused that event (its envelope's causationId) */
  readonly causationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` (and everything it awaits or schedules) inside the context of one request. */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The fields a log line gets from a context: correlationId, eventId, causationId, traceId and spanId when known. */
export function requestContextLogFields(context: RequestContext | undefined): Record<string, string> {
  if (context === undefined) return {};
  // a fresh object every time: pino merges the line's own fields into what the mixin returns
  const fields: Record<string, string> = { correlationId: context.correlationId };
  if (context.eventId !== undefined) fields.eventId = context.eventId;
  if (context.causationId !== undefined) fields.causationId = context.causationId;
  const { traceparent } = context;
  // only valid traceparents are put in a context: `00-<32 hex trace id>-<16 hex span id>-<flags>`
  if (traceparent !== undefined && traceparent.length >= 55) {
    fields.traceId = traceparent.slice(3, 35);
    fields.spanId = traceparent.slice(36, 52);
  }
  return fields;
}

const byRequest = new WeakMap<object, RequestContext>();

/** Remembers the context of a request object (the Fastify request), for code that only has the request. */
export function setRequestContext(request: object, context: RequestContext): void {
  byRequest.set(request, context);
}

export function getRequestContext(request: object): RequestContext | undefined {
  return byRequest.get(request);
}
