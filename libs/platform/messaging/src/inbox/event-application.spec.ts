import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AUTH_USER_REGISTERED_V1, createEnvelope, type ParsedEvent } from '@taskhub/contracts';
import { currentRequestContext } from '@taskhub/platform-logging';
import { activeTraceparent, enableTracing, parseTraceparent, shutdownTracing } from '@taskhub/platform-tracing';
import { EventApplication, inBatchSpan } from './event-application';

const PRODUCER_TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const QUEUE = 'user.profiles';

function parsedEvent(traceparent: string | null = PRODUCER_TRACEPARENT, causationId: string | null = 'req-1'): ParsedEvent {
  const envelope = createEnvelope(
    AUTH_USER_REGISTERED_V1,
    { userId: '0f8fad5b-d9cb-469f-a165-70867728950e', email: 'ada@example.com', displayName: 'Ada' },
    { correlationId: 'req-1', causationId, traceparent },
  );
  return { contract: AUTH_USER_REGISTERED_V1, envelope };
}

describe(`${EventApplication.name} with tracing off`, () => {
  it("should run the handler in the event's context, with a span id of its own in the event's trace", async () => {
    const parsed = parsedEvent();

    const seen = await new EventApplication(parsed, QUEUE).run(() => Promise.resolve(currentRequestContext()));

    expect(seen).toMatchObject({ correlationId: 'req-1', eventId: parsed.envelope.id, causationId: 'req-1' });
    const own = parseTraceparent(seen?.traceparent);
    expect(own?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(own?.spanId).not.toBe('00f067aa0ba902b7');
  });

  it('should start a trace of its own for an event without traceparent, and leave out a null causation', async () => {
    const seen = await new EventApplication(parsedEvent(null, null), QUEUE).run(() => Promise.resolve(currentRequestContext()));

    expect(parseTraceparent(seen?.traceparent)).toBeDefined();
    expect(seen).not.toHaveProperty('causationId');
  });

  it('should keep the context for what follows a failure', () => {
    const application = new EventApplication(parsedEvent(), QUEUE);
    expect(application.inContext(() => currentRequestContext())).toBe(application.context);
  });
});

describe(`${EventApplication.name} with tracing on`, () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => enableTracing({ serviceName: 'consumer-spec', spanProcessors: [new SimpleSpanProcessor(exporter)], instrument: false }));
  afterAll(() => shutdownTracing());
  beforeEach(() => exporter.reset());

  it("should run the handler in a CONSUMER span whose parent is the event's creation context", async () => {
    const parsed = parsedEvent();

    const inside = await new EventApplication(parsed, QUEUE).run(() => Promise.resolve({ log: currentRequestContext(), active: activeTraceparent() }));

    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe(`process ${AUTH_USER_REGISTERED_V1.routingKey}`);
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span.attributes).toMatchObject({ 'messaging.message.id': parsed.envelope.id, 'messaging.destination.subscription.name': QUEUE });
    // the log context and the active span are that span: the handler's lines and queries belong to it
    expect(inside.log?.traceparent).toBe(inside.active);
    expect(parseTraceparent(inside.active)?.spanId).toBe(span.spanContext().spanId);
  });

  it('should end the span failed when the handler throws', async () => {
    await expect(new EventApplication(parsedEvent(), QUEUE).run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    expect(exporter.getFinishedSpans()[0].status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'boom' });
  });

  it("should run a group commit in a batch span linked to every event, each handler's span linked back to it", async () => {
    const other = '00-11111111111111111111111111111111-2222222222222222-01';
    const batch = [parsedEvent(), parsedEvent(other)];

    await inBatchSpan(batch, QUEUE, async (links) => {
      for (const parsed of batch) await new EventApplication(parsed, QUEUE, links).run(() => Promise.resolve());
    });

    const spans = exporter.getFinishedSpans();
    const batchSpan = spans.find((s) => s.name === `process ${QUEUE}`)!;
    expect(batchSpan.kind).toBe(SpanKind.CONSUMER);
    expect(batchSpan.parentSpanContext).toBeUndefined();
    expect(batchSpan.attributes['messaging.batch.message_count']).toBe(2);
    expect(batchSpan.links.map((l) => l.context.spanId)).toEqual(['00f067aa0ba902b7', '2222222222222222']);
    const perEvent = spans.filter((s) => s.name === `process ${AUTH_USER_REGISTERED_V1.routingKey}`);
    expect(perEvent.map((s) => s.spanContext().traceId)).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736', '11111111111111111111111111111111']);
    for (const span of perEvent) expect(span.links[0].context.spanId).toBe(batchSpan.spanContext().spanId);
  });
});
