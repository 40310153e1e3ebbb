import { randomBytes, randomUUID } from 'node:crypto';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createEnvelope, defineEvent, type EventEnvelope } from '@taskhub/contracts';
import { currentRequestContext } from '@taskhub/platform-logging';
import { createScratchDatabase, integrationEnv, type ScratchDatabase, waitFor } from '@taskhub/platform-testing';
import { enableTracing, parseTraceparent, shutdownTracing } from '@taskhub/platform-tracing';
import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import { IsUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { AmqpConnection } from '../amqp-connection';
import { eventHandlers } from '../handlers/event-handlers';
import { type EventContext, HandleEvent } from '../handlers/handle-event.decorator';
import { EVENTS_EXCHANGE } from '../topology';
import { CreateInbox1795500000001 } from './create-inbox.migration';
import { EventConsumer } from './event-consumer';

class BatchProbe {
  @IsUUID()
  readonly probeId!: string;
}

// this test's own event: no other test binds its routing key in the run's vhost
const BATCH_PROBE_V1 = defineEvent({ type: 'task.batch_probe.recorded', version: 1, data: BatchProbe, description: 'test only', consumers: ['task'] });

/** The consumer's spans with tracing on, for group commits and their one-at-a-time fallback (the SDK in-process). */
describe(`${EventConsumer.name} with tracing on`, () => {
  const env = integrationEnv();
  const exporter = new InMemorySpanExporter();
  let scratch: ScratchDatabase;
  let dataSource: DataSource;
  let publisherConnection: ChannelModel;
  let publisher: ConfirmChannel;
  let amqp: AmqpConnection;
  let consumer: EventConsumer;

  beforeAll(async () => {
    enableTracing({ serviceName: 'consumer-tracing-spec', spanProcessors: [new SimpleSpanProcessor(exporter)], instrument: false });
    scratch = await createScratchDatabase('consumer_tracing');
    dataSource = new DataSource({ type: 'postgres', url: scratch.url, migrations: [CreateInbox1795500000001], poolSize: 5 });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.query('CREATE TABLE effect (event_id uuid NOT NULL, traceparent text NOT NULL)');
    publisherConnection = await connect(env.rabbitmqUrl);
    publisher = await publisherConnection.createConfirmChannel();
    amqp = new AmqpConnection({ url: env.rabbitmqUrl, connectionName: 'event-consumer-tracing-int-spec' });
    amqp.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await amqp?.close();
    await publisherConnection?.close();
    await dataSource?.destroy();
    await scratch?.drop();
    await shutdownTracing();
  });

  it("should apply every event of a group commit in a process span under its own trace, linked to the batch's span", async () => {
    const queue = `itest.consumer-tracing-${randomBytes(4).toString('hex')}`;
    const events: EventEnvelope[] = Array.from({ length: 150 }, (_, i) =>
      createEnvelope(
        BATCH_PROBE_V1,
        { probeId: randomUUID() },
        { correlationId: `req-${i}`, traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01` },
      ),
    );
    const poison = events[7];
    let poisonFailures = 1;
    const batches: number[] = [];
    class BatchProbeHandlers {
      @HandleEvent(BATCH_PROBE_V1)
      async recorded(_data: BatchProbe, { manager, envelope }: EventContext<BatchProbe>): Promise<void> {
        if (envelope.id === poison.id && poisonFailures-- > 0) throw new Error('fails once');
        await manager.query('INSERT INTO effect (event_id, traceparent) VALUES ($1, $2)', [envelope.id, currentRequestContext()?.traceparent]);
      }
    }
    consumer = new EventConsumer({
      dataSource,
      amqp,
      queue: { queue, retryDelaysMs: [50], queueType: 'classic' },
      handlers: eventHandlers(new BatchProbeHandlers()),
      prefetch: 50,
      events: { batchCommitted: (size) => batches.push(size) },
    });
    consumer.start();
    await waitFor(() => consumer.consuming, { description: 'the consumer to subscribe' });

    for (const event of events) publisher.publish(EVENTS_EXCHANGE, BATCH_PROBE_V1.routingKey, Buffer.from(JSON.stringify(event)), { persistent: true, messageId: event.id });
    await publisher.waitForConfirms();
    const effects = await waitFor(
      async () => {
        const rows = await dataSource.query<{ event_id: string; traceparent: string }[]>('SELECT event_id, traceparent FROM effect');
        return rows.length === events.length ? rows : undefined;
      },
      { description: 'every event applied', timeoutMs: 20_000 },
    );

    expect(Math.max(...batches)).toBeGreaterThan(1); // group commits did happen
    const spans = exporter.getFinishedSpans();
    const processSpans = (event: EventEnvelope): ReadableSpan[] =>
      spans.filter((s) => s.name === `process ${BATCH_PROBE_V1.routingKey}` && s.attributes['messaging.message.id'] === event.id);
    for (const event of events) {
      const caller = parseTraceparent(event.traceparent)!;
      const applied = processSpans(event).filter((s) => s.status.code !== SpanStatusCode.ERROR);
      // the span that applied it (the last one: a span of a batch rolled back by the poison may come first)
      const last = applied[applied.length - 1];
      expect(last.kind).toBe(SpanKind.CONSUMER);
      expect(last.spanContext().traceId).toBe(caller.traceId);
      expect(last.parentSpanContext?.spanId).toBe(caller.spanId);
      // the handler ran with that span's traceparent in its context
      expect(effects.find((e) => e.event_id === event.id)?.traceparent).toBe(`00-${caller.traceId}-${last.spanContext().spanId}-01`);
    }
    // the poison's handler failed once in its span, and was then applied on its own
    expect(processSpans(poison).map((s) => s.status.code)).toContain(SpanStatusCode.ERROR);
    // group commits: a batch span linked to each of its events, which link back to it
    const batchSpans = spans.filter((s) => s.name === `process ${queue}`);
    const committed = batchSpans.filter((s) => s.status.code !== SpanStatusCode.ERROR);
    expect(committed.map((s) => s.attributes['messaging.batch.message_count'])).toEqual(expect.arrayContaining([Math.max(...batches)]));
    for (const batch of committed) {
      expect(batch.kind).toBe(SpanKind.CONSUMER);
      expect(batch.parentSpanContext).toBeUndefined();
      const linked = new Set(batch.links.map((l) => l.context.spanId));
      const members = spans.filter((s) => s.links.some((l) => l.context.spanId === batch.spanContext().spanId));
      expect(members).toHaveLength(batch.links.length);
      for (const member of members) expect(linked.has(member.parentSpanContext!.spanId)).toBe(true);
    }
  });
});
