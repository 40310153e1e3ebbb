import { randomBytes } from 'node:crypto';
import { type EventEnvelope } from '@taskhub/contracts';
import { createScratchDatabase, integrationEnv, type ScratchDatabase } from '@taskhub/platform-testing';
import { parseTraceparent } from '@taskhub/platform-tracing';
import { connect } from 'amqplib';
import { DataSource } from 'typeorm';
import { OtlpReceiver, type ReceivedSpan, SPAN_KIND } from './support/otlp-receiver';
import { TRACE_PROBE_ANSWERED_V1, TRACE_PROBE_REQUESTED_V1, TRACED_SERVICE_MIGRATIONS } from './support/trace-probe.schema';
import { type LogLine, ServiceProcess, TRACED_SERVICE } from './support/service-process';

jest.setTimeout(90_000);

const CALLER_TRACE_ID = randomBytes(16).toString('hex');
const CALLER_SPAN_ID = randomBytes(8).toString('hex');
const CALLER_TRACEPARENT = `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`;

/**
 * Correlation, causation and trace context from an HTTP request through the outbox, the broker and the consumer, with
 * a real service process (support/traced-service.ts from dist/) exporting to an OTLP receiver of the test's own.
 */
describe('tracing across HTTP, Postgres and the event backbone', () => {
  let scratch: ScratchDatabase;
  let dataSource: DataSource;
  let receiver: OtlpReceiver;
  let service: ServiceProcess | undefined;
  let queue: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase('tracing');
    dataSource = new DataSource({ type: 'postgres', url: scratch.url, migrations: TRACED_SERVICE_MIGRATIONS, poolSize: 2 });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  beforeEach(async () => {
    receiver = await OtlpReceiver.start();
    queue = `itest.traced-${randomBytes(4).toString('hex')}`;
  });

  afterEach(async () => {
    await service?.stop();
    service = undefined;
    await receiver.close();
    const connection = await connect(integrationEnv().rabbitmqUrl);
    const channel = await connection.createChannel();
    for (const name of [queue, `${queue}.delay.1`, `${queue}.delay.2`, `${queue}.delay.3`, `${queue}.dead`]) await channel.deleteQueue(name);
    await connection.close();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await scratch?.drop();
  });

  /** One probe through the whole flow: the request, both events applied, then a graceful shutdown. */
  const runProbe = async (env: Record<string, string>) => {
    service = await ServiceProcess.start(TRACED_SERVICE, scratch.url, { TRACED_QUEUE: queue, ...env });
    const subscribed = await service.waitForLine('the consumer to subscribe', (l) => l.msg === 'probe consumer subscribed');
    const correlationId = `trace-it-${randomBytes(4).toString('hex')}`;
    const response = await fetch(`${service.url}/api/v1/probes`, {
      method: 'POST',
      headers: { traceparent: CALLER_TRACEPARENT, 'x-request-id': correlationId },
    });
    expect(response.status).toBe(201);
    const { probeId, eventId } = (await response.json()) as { probeId: string; eventId: string };
    const answered = await service.waitForLine('the answer to be applied', (l) => l.msg === `probe ${probeId} answered`);
    const exit = await service.terminate();
    expect(exit).toEqual({ code: 0, signal: null });
    const lines = service.lines;
    const line = (msg: string): LogLine => {
      const found = lines.find((l) => l.msg === msg);
      if (!found) throw new Error(`no log line "${msg}" in:\n${service?.transcript}`);
      return found;
    };
    const requested = await envelopeOf(eventId);
    const [answer] = await dataSource.query<{ body: string }[]>(
      `SELECT body FROM outbox_event WHERE routing_key = $1 AND body::jsonb->>'causationId' = $2`,
      [TRACE_PROBE_ANSWERED_V1.routingKey, eventId],
    );
    return {
      correlationId,
      subscribed,
      recorded: line(`probe ${probeId} recorded`),
      completed: lines.find((l) => l.msg === 'request completed' && l.correlationId === correlationId)!,
      applied: line(`probe ${probeId} requested: answered`),
      answered,
      requested,
      answer: JSON.parse(answer.body) as EventEnvelope,
    };
  };

  const envelopeOf = async (id: string): Promise<EventEnvelope> => {
    const [row] = await dataSource.query<{ body: string }[]>('SELECT body FROM outbox_event WHERE id = $1', [id]);
    return JSON.parse(row.body) as EventEnvelope;
  };

  it('should export one trace from the HTTP server span through pg, publish and consume spans, and log its ids', async () => {
    // a long export delay: whatever arrives was flushed by the graceful shutdown
    const flow = await runProbe({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '60000' });
    const spans = receiver.spans();
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const one = (description: string, match: (s: ReceivedSpan) => boolean): ReceivedSpan => {
      const found = spans.filter(match);
      if (found.length !== 1) throw new Error(`expected one ${description} span, got ${found.length}: ${spans.map((s) => `${s.kind} ${s.name}`).join(', ')}`);
      return found[0];
    };
    const childrenOf = (parent: ReceivedSpan): ReceivedSpan[] => spans.filter((s) => s.parentSpanId === parent.spanId);
    const descendsFrom = (span: ReceivedSpan, ancestor: ReceivedSpan): boolean => {
      for (let s = byId.get(span.parentSpanId); s; s = byId.get(s.parentSpanId)) if (s.spanId === ancestor.spanId) return true;
      return false;
    };
    const isPg = (s: ReceivedSpan): boolean => s.kind === SPAN_KIND.CLIENT && (s.attributes['db.system.name'] ?? s.attributes['db.system']) === 'postgresql';

    expect(flow.subscribed.otelSdkLoaded).toBe(true);
    expect(new Set(spans.map((s) => s.serviceName))).toEqual(new Set(['traced-service']));

    // the request: a server span in the caller's trace, child of the caller's span
    const server = one('server', (s) => s.kind === SPAN_KIND.SERVER);
    expect(server).toMatchObject({ name: 'POST /api/v1/probes', traceId: CALLER_TRACE_ID, parentSpanId: CALLER_SPAN_ID });
    expect(server.attributes).toMatchObject({ 'http.route': '/api/v1/probes', 'http.request.header.x-request-id': [flow.correlationId] });
    // its queries (the probe row, the outbox row) under it
    const requestQueries = spans.filter((s) => isPg(s) && descendsFrom(s, server)).map((s) => String(s.attributes['db.query.text'] ?? s.attributes['db.statement']));
    expect(requestQueries).toEqual(expect.arrayContaining([expect.stringContaining('INSERT INTO probe '), expect.stringContaining('INSERT INTO outbox_event')]));

    // the event's creation context: a PRODUCER span under the server span, carried in the envelope and AMQP header
    const createRequested = one('create requested', (s) => s.name === `create ${TRACE_PROBE_REQUESTED_V1.routingKey}`);
    expect(createRequested).toMatchObject({ kind: SPAN_KIND.PRODUCER, traceId: CALLER_TRACE_ID });
    expect(descendsFrom(createRequested, server)).toBe(true);
    expect(createRequested.attributes).toMatchObject({ 'messaging.system': 'rabbitmq', 'messaging.message.id': flow.requested.id });
    expect(flow.requested).toMatchObject({ correlationId: flow.correlationId, causationId: flow.correlationId, traceparent: `00-${CALLER_TRACE_ID}-${createRequested.spanId}-01` });
    expect(childrenOf(createRequested).some((s) => isPg(s) && String(s.attributes['db.query.text'] ?? s.attributes['db.statement']).includes('outbox_event'))).toBe(true);

    // the relay's publish: a batch span of its own, linked to the creation context of what it sent
    const sends = spans.filter((s) => s.name === 'send taskhub.events');
    expect(sends.length).toBeGreaterThanOrEqual(2);
    for (const send of sends) expect(send).toMatchObject({ kind: SPAN_KIND.CLIENT, parentSpanId: '' });
    expect(sends.flatMap((s) => s.links)).toContainEqual({ traceId: CALLER_TRACE_ID, spanId: createRequested.spanId });

    // the consumer: a CONSUMER span, child of the creation context; the inbox transaction's queries under it
    const processRequested = one('process requested', (s) => s.name === `process ${TRACE_PROBE_REQUESTED_V1.routingKey}`);
    expect(processRequested).toMatchObject({ kind: SPAN_KIND.CONSUMER, traceId: CALLER_TRACE_ID, parentSpanId: createRequested.spanId });
    const consumerQueries = childrenOf(processRequested).filter(isPg).map((s) => String(s.attributes['db.query.text'] ?? s.attributes['db.statement']));
    expect(consumerQueries).toEqual(expect.arrayContaining([expect.stringContaining('INSERT INTO inbox_event'), expect.stringContaining('INSERT INTO probe_effect')]));

    // what the handler wrote: caused by the consumed event, same correlation and trace, created under the process span
    const createAnswered = one('create answered', (s) => s.name === `create ${TRACE_PROBE_ANSWERED_V1.routingKey}`);
    expect(createAnswered).toMatchObject({ traceId: CALLER_TRACE_ID, parentSpanId: processRequested.spanId });
    expect(flow.answer).toMatchObject({ correlationId: flow.correlationId, causationId: flow.requested.id, traceparent: `00-${CALLER_TRACE_ID}-${createAnswered.spanId}-01` });
    const processAnswered = one('process answered', (s) => s.name === `process ${TRACE_PROBE_ANSWERED_V1.routingKey}`);
    expect(processAnswered).toMatchObject({ traceId: CALLER_TRACE_ID, parentSpanId: createAnswered.spanId });

    // every log line of the request and of the handlers carries the correlation id and the trace of its span
    expect(flow.recorded).toMatchObject({ correlationId: flow.correlationId, traceId: CALLER_TRACE_ID, spanId: server.spanId });
    expect(flow.completed).toMatchObject({ traceId: CALLER_TRACE_ID, spanId: server.spanId });
    expect(flow.applied).toMatchObject({
      correlationId: flow.correlationId,
      eventId: flow.requested.id,
      causationId: flow.correlationId,
      traceId: CALLER_TRACE_ID,
      spanId: processRequested.spanId,
    });
    expect(flow.answered).toMatchObject({ correlationId: flow.correlationId, eventId: flow.answer.id, causationId: flow.requested.id, spanId: processAnswered.spanId });
  });

  it('should carry the caller trace id and correlation id into the events and the logs without exporting anything when tracing is off', async () => {
    const flow = await runProbe({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SDK_DISABLED: 'true' });

    expect(receiver.requests).toEqual([]);
    expect(flow.subscribed.otelSdkLoaded).toBe(false);
    // the request's own span id, in the caller's trace
    const requestSpanId = parseTraceparent(flow.requested.traceparent)?.spanId;
    expect(flow.requested).toMatchObject({ correlationId: flow.correlationId, causationId: flow.correlationId });
    expect(flow.requested.traceparent).toMatch(new RegExp(`^00-${CALLER_TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(requestSpanId).not.toBe(CALLER_SPAN_ID);
    expect(flow.recorded).toMatchObject({ correlationId: flow.correlationId, traceId: CALLER_TRACE_ID, spanId: requestSpanId });
    expect(flow.completed).toMatchObject({ traceId: CALLER_TRACE_ID, spanId: requestSpanId });
    // the consumer: the caller's trace, a span id of its own, which the event it writes names as its parent
    expect(flow.applied).toMatchObject({ correlationId: flow.correlationId, eventId: flow.requested.id, causationId: flow.correlationId, traceId: CALLER_TRACE_ID });
    expect(flow.applied.spanId).not.toBe(requestSpanId);
    expect(flow.answer).toMatchObject({ correlationId: flow.correlationId, causationId: flow.requested.id, traceparent: `00-${CALLER_TRACE_ID}-${String(flow.applied.spanId)}-01` });
    expect(flow.answered).toMatchObject({ correlationId: flow.correlationId, eventId: flow.answer.id, causationId: flow.requested.id, traceId: CALLER_TRACE_ID });
  });
});
