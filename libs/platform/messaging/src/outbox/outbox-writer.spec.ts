import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AUTH_USER_REGISTERED_V1 } from '@taskhub/contracts';
import { runWithRequestContext } from '@taskhub/platform-logging';
import { enableTracing, parseTraceparent, platformTracer, shutdownTracing, traceparentOf, withActiveSpan } from '@taskhub/platform-tracing';
import { type EntityManager } from 'typeorm';
import { NO_REQUEST_CORRELATION_ID, writeToOutbox, writeWithOutbox } from './outbox-writer';

const REQUEST_TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const data = { userId: '0f8fad5b-d9cb-469f-a165-70867728950e', email: 'ada@example.com', displayName: 'Ada' };

/** An EntityManager in an open transaction that records the INSERTs instead of running them. */
function recordingManager(): { manager: EntityManager; rows: () => { headers: Record<string, string> }[] } {
  const calls: unknown[][] = [];
  const manager = { queryRunner: { isTransactionActive: true }, query: (_sql: string, values: unknown[]) => Promise.resolve(calls.push(values)) };
  return { manager: manager as unknown as EntityManager, rows: () => calls.map((values) => ({ headers: JSON.parse(values[3] as string) as Record<string, string> })) };
}

describe(`${writeToOutbox.name} with tracing off`, () => {
  it("should carry the request's correlation id, causation and traceparent into the envelope and the AMQP headers", async () => {
    const { manager, rows } = recordingManager();

    const envelope = await runWithRequestContext({ correlationId: 'req-1', traceparent: REQUEST_TRACEPARENT }, () =>
      writeToOutbox(manager, AUTH_USER_REGISTERED_V1, data),
    );

    expect(envelope).toMatchObject({ correlationId: 'req-1', causationId: 'req-1', traceparent: REQUEST_TRACEPARENT });
    expect(rows()[0].headers).toEqual({ 'x-correlation-id': 'req-1', traceparent: REQUEST_TRACEPARENT });
  });

  it('should make the event being applied the cause of what its handler writes, in the same trace', async () => {
    const { manager } = recordingManager();
    const applying = { correlationId: 'req-2', eventId: '0190a8e4-7a6c-7b3e-8f00-000000000001', causationId: 'req-2', traceparent: REQUEST_TRACEPARENT };

    const envelope = await runWithRequestContext(applying, () => writeToOutbox(manager, AUTH_USER_REGISTERED_V1, data));

    expect(envelope).toMatchObject({ correlationId: 'req-2', causationId: applying.eventId, traceparent: REQUEST_TRACEPARENT });
  });

  it('should write no traceparent outside any request', async () => {
    const { manager, rows } = recordingManager();

    const envelope = await writeToOutbox(manager, AUTH_USER_REGISTERED_V1, data);

    expect(envelope).toMatchObject({ correlationId: NO_REQUEST_CORRELATION_ID, traceparent: null });
    expect(rows()[0].headers).not.toHaveProperty('traceparent');
  });
});

describe(`${writeToOutbox.name} with tracing on`, () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => enableTracing({ serviceName: 'writer-spec', spanProcessors: [new SimpleSpanProcessor(exporter)], instrument: false }));
  afterAll(() => shutdownTracing());
  beforeEach(() => exporter.reset());

  it('should give each event a PRODUCER create span under the active span, and put its context in the envelope', async () => {
    const { manager, rows } = recordingManager();
    const request = platformTracer().startSpan('GET /x');

    const envelope = await runWithRequestContext({ correlationId: 'req-3', traceparent: traceparentOf(request) }, () =>
      withActiveSpan(request, () => writeToOutbox(manager, AUTH_USER_REGISTERED_V1, data)),
    );
    request.end();

    const create = exporter.getFinishedSpans().find((s) => s.name === `create ${AUTH_USER_REGISTERED_V1.routingKey}`);
    expect(create?.kind).toBe(SpanKind.PRODUCER);
    expect(create?.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(create?.attributes).toMatchObject({ 'messaging.system': 'rabbitmq', 'messaging.message.id': envelope.id, 'messaging.message.conversation_id': 'req-3' });
    expect(parseTraceparent(envelope.traceparent)).toEqual({ traceId: request.spanContext().traceId, spanId: create?.spanContext().spanId, traceFlags: 1 });
    expect(rows()[0].headers.traceparent).toBe(envelope.traceparent);
  });

  it('should fail the create span when the INSERT fails', async () => {
    const manager = { queryRunner: { isTransactionActive: true }, query: () => Promise.reject(new Error('deadlock')) } as unknown as EntityManager;

    await expect(writeToOutbox(manager, AUTH_USER_REGISTERED_V1, data)).rejects.toThrow('deadlock');

    const [create] = exporter.getFinishedSpans();
    expect(create.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'deadlock' });
  });
});

describe(writeWithOutbox.name, () => {
  const statements = (): { manager: EntityManager; sent: { sql: string; values: unknown[] }[] } => {
    const sent: { sql: string; values: unknown[] }[] = [];
    const manager = { queryRunner: { isTransactionActive: true, connection: {}, data: {} }, query: (sql: string, values: unknown[] = []) => Promise.resolve(sent.push({ sql, values })) };
    return { manager: manager as unknown as EntityManager, sent };
  };

  it("should put the outbox INSERT in front of the caller's statement, its parameters numbered after the caller's", async () => {
    const { manager, sent } = statements();

    await writeWithOutbox(manager, 'INSERT INTO t (a, b) VALUES ($1, $2)', ['a', 'b'], [{ contract: AUTH_USER_REGISTERED_V1, data }]);

    expect(sent[0].sql).toBe('WITH outbox_written AS (INSERT INTO outbox_event (id, routing_key, body, headers) VALUES ($3, $4, $5, $6::jsonb)) INSERT INTO t (a, b) VALUES ($1, $2)');
    expect(sent[0].values.slice(0, 3)).toEqual(['a', 'b', expect.any(String)]);
    expect(sent[0].values[3]).toBe(AUTH_USER_REGISTERED_V1.routingKey);
  });

  it('should join a statement that has its own WITH (RECURSIVE kept first)', async () => {
    const { manager, sent } = statements();

    await writeWithOutbox(manager, 'WITH RECURSIVE r AS (SELECT 1) INSERT INTO t SELECT * FROM r', [], [{ contract: AUTH_USER_REGISTERED_V1, data }]);

    expect(sent[0].sql).toMatch(/^WITH RECURSIVE outbox_written AS \(INSERT INTO outbox_event .* VALUES \(\$1, \$2, \$3, \$4::jsonb\)\), r AS \(SELECT 1\) INSERT INTO t SELECT \* FROM r$/);
  });

  it('should send the statement alone when there are no events', async () => {
    const { manager, sent } = statements();

    await writeWithOutbox(manager, 'UPDATE t SET a = $1', [1], []);

    expect(sent).toEqual([{ sql: 'UPDATE t SET a = $1', values: [1] }]);
  });
});
