import { randomBytes, randomUUID } from 'node:crypto';
import { AUTH_USER_REGISTERED_V1, type AuthUserRegisteredV1, createEnvelope, type EventEnvelope } from '@taskhub/contracts';
import { currentRequestContext } from '@taskhub/platform-logging';
import { createScratchDatabase, integrationEnv, type ScratchDatabase, waitFor } from '@taskhub/platform-testing';
import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AmqpConnection } from '../amqp-connection';
import { eventHandlers } from '../handlers/event-handlers';
import { type EventContext, HandleEvent } from '../handlers/handle-event.decorator';
import { consumerQueueNames, EVENTS_EXCHANGE } from '../topology';
import { consumerMetrics } from './consumer-metrics';
import { CreateInbox1795500000001 } from './create-inbox.migration';
import { EventConsumer, type EventConsumerOptions } from './event-consumer';
import { listParkedMessages, replayParkedMessages } from './parking-lot';

const registered = (correlationId = 'req-consumer'): EventEnvelope<AuthUserRegisteredV1> =>
  createEnvelope(AUTH_USER_REGISTERED_V1, { userId: randomUUID(), email: 'ada@example.com', displayName: 'Ada' }, { correlationId });

/** What a test does around the handler's effect: throwing is a failure of the handler. */
interface EffectHooks {
  readonly before?: (envelope: EventEnvelope<AuthUserRegisteredV1>) => void | Promise<void>;
  readonly after?: (envelope: EventEnvelope<AuthUserRegisteredV1>) => void;
}

/** The handler's effect: one row per application (with the correlation id in context), so a duplicate effect is a second row. */
class EffectHandlers {
  constructor(private readonly hooks: EffectHooks) {}

  @HandleEvent(AUTH_USER_REGISTERED_V1)
  async registered(_data: AuthUserRegisteredV1, { manager, envelope }: EventContext<AuthUserRegisteredV1>): Promise<void> {
    await this.hooks.before?.(envelope);
    await manager.query('INSERT INTO effect (event_id, correlation_id) VALUES ($1, $2)', [envelope.id, currentRequestContext()?.correlationId ?? null]);
    this.hooks.after?.(envelope);
  }
}

describe(EventConsumer.name, () => {
  const env = integrationEnv();
  let scratch: ScratchDatabase;
  let dataSource: DataSource;
  let publisherConnection: ChannelModel;
  let publisher: ConfirmChannel;
  let amqp: AmqpConnection;
  let consumer: EventConsumer | undefined;
  let queue: string;

  const effects = (): Promise<{ event_id: string; correlation_id: string | null }[]> => dataSource.query('SELECT event_id, correlation_id FROM effect');
  const publish = async (body: string | EventEnvelope, routingKey = AUTH_USER_REGISTERED_V1.routingKey): Promise<void> => {
    const content = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    publisher.publish(EVENTS_EXCHANGE, routingKey, content, { persistent: true, messageId: typeof body === 'string' ? undefined : body.id });
    await publisher.waitForConfirms();
  };
  /** checkQueue on a channel of its own: on a queue not declared yet the broker closes the channel (404) */
  const queueInfo = async (name: string): Promise<{ messageCount: number; consumerCount: number }> => {
    const scratch = await publisherConnection.createChannel();
    scratch.on('error', () => undefined);
    try {
      return await scratch.checkQueue(name);
    } finally {
      await scratch.close().catch(() => undefined);
    }
  };
  const startConsumer = async (hooks: EffectHooks = {}, options: Partial<EventConsumerOptions> = {}): Promise<EventConsumer> => {
    consumer = new EventConsumer({
      dataSource,
      amqp,
      queue: { queue, retryDelaysMs: [50, 100], queueType: 'quorum' },
      handlers: eventHandlers(new EffectHandlers(hooks)),
      prefetch: 10,
      ...options,
    });
    consumer.start();
    await waitFor(async () => (await queueInfo(queue)).consumerCount === 1, { description: 'the consumer to subscribe' });
    return consumer;
  };
  const queueIsSettled = async (): Promise<boolean> => {
    const main = await queueInfo(queue);
    return main.messageCount === 0;
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase('inbox');
    dataSource = new DataSource({ type: 'postgres', url: scratch.url, migrations: [CreateInbox1795500000001], poolSize: 5 });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.query('CREATE TABLE effect (event_id uuid NOT NULL, correlation_id text)');
    publisherConnection = await connect(env.rabbitmqUrl);
    publisher = await publisherConnection.createConfirmChannel();
    amqp = new AmqpConnection({ url: env.rabbitmqUrl, connectionName: 'event-consumer-int-spec' });
    amqp.start();
  });

  beforeEach(async () => {
    queue = `itest.consumer-${randomBytes(4).toString('hex')}`;
    await dataSource.query('TRUNCATE effect, inbox_event');
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
  });

  afterAll(async () => {
    await amqp?.close();
    await publisherConnection?.close();
    await dataSource?.destroy();
    await scratch?.drop();
  });

  it('should apply an event once, with its correlation id in context, however often it is delivered', async () => {
    const counts = { consumed: 0, duplicate: 0 };
    const registry = new Registry();
    const metrics = consumerMetrics(registry, queue);
    await startConsumer({}, {
      events: {
        consumed: (key, ms) => (counts.consumed++, metrics.consumed?.(key, ms)),
        duplicate: (key) => (counts.duplicate++, metrics.duplicate?.(key)),
      },
    });
    const event = registered('req-dup');

    await publish(event);
    await publish(event);
    await publish(event);

    await waitFor(() => counts.consumed + counts.duplicate === 3, { description: 'three deliveries handled' });
    expect(await effects()).toEqual([{ event_id: event.id, correlation_id: 'req-dup' }]);
    expect(counts).toEqual({ consumed: 1, duplicate: 2 });
    await waitFor(queueIsSettled, { description: 'every delivery acknowledged' });
    const text = await registry.metrics();
    expect(text).toContain(`events_consumed_total{queue="${queue}",routing_key="auth.user.registered.v1"} 1`);
    expect(text).toContain(`events_duplicate_total{queue="${queue}",routing_key="auth.user.registered.v1"} 2`);
    expect(text).toContain(`event_handler_duration_seconds_count{queue="${queue}",routing_key="auth.user.registered.v1"} 1`);
  });

  it('should park messages that break their contract, with the reason, while the others keep flowing', async () => {
    await startConsumer();
    const good = registered();
    const badData = { ...registered(), data: { userId: 'x', email: 'ada@example.com', displayName: 'Ada' } };

    await publish('this is not json');
    await publish(badData);
    await publish(good);

    await waitFor(async () => (await effects()).length === 1, { description: 'the valid event applied' });
    const parked = await waitFor(async () => {
      const list = await listParkedMessages(publisher, queue);
      return list.length === 2 ? list : undefined;
    }, { description: 'two parked messages' });
    expect(parked.map((p) => p.reason)).toEqual([
      'contract violation: the message is not JSON',
      'contract violation: auth.user.registered.v1: invalid data: data.userId: userId must be a UUID',
    ]);
    expect(parked.map((p) => p.routingKey)).toEqual(['auth.user.registered.v1', 'auth.user.registered.v1']);
    expect((await effects())[0].event_id).toBe(good.id);
  });

  it('should retry a failing handler through the tiers and apply the event once it succeeds', async () => {
    let failures = 2;
    const retried: number[] = [];
    await startConsumer(
      {
        before: () => {
          if (failures-- > 0) throw new Error('downstream blip');
        },
      },
      { events: { retried: (_key, attempt) => retried.push(attempt) } },
    );
    const event = registered();

    await publish(event);

    await waitFor(async () => (await effects()).length === 1, { description: 'the event applied after two retries' });
    expect(retried).toEqual([1, 2]);
    expect(await listParkedMessages(publisher, queue)).toEqual([]);
  });

  it('should roll back the effects of a failed attempt', async () => {
    let failures = 1;
    await startConsumer({
      after: () => {
        if (failures-- > 0) throw new Error('failed after writing');
      },
    });

    await publish(registered());

    await waitFor(async () => (await effects()).length === 1, { description: 'the event applied on its second attempt' });
    await waitFor(queueIsSettled, { description: 'the queue settled' });
    expect(await effects()).toHaveLength(1);
  });

  it('should park a message after its last attempt, then apply it once when replayed after the fix', async () => {
    let broken = true;
    await startConsumer({
      before: () => {
        if (broken) throw new Error('the handler has a bug');
      },
    });
    const poison = registered();
    const other = registered();

    await publish(poison);

    const [parked] = await waitFor(async () => {
      const list = await listParkedMessages(publisher, queue);
      return list.length === 1 ? list : undefined;
    }, { description: 'the poison message parked' });
    expect(parked).toMatchObject({ messageId: poison.id, attempts: 3, routingKey: 'auth.user.registered.v1' });
    expect(parked.reason).toBe('handler failed 3 times; last: Error: the handler has a bug');
    broken = false;
    await publish(other);
    await waitFor(async () => (await effects()).length === 1, { description: 'other messages still flowing' });

    expect(await replayParkedMessages(publisher, queue)).toBe(1);
    expect(await replayParkedMessages(publisher, queue)).toBe(0);

    await waitFor(async () => (await effects()).length === 2, { description: 'the replayed event applied' });
    expect((await effects()).map((e) => e.event_id).sort()).toEqual([poison.id, other.id].sort());
    expect(await listParkedMessages(publisher, queue)).toEqual([]);
  });

  it('should apply a burst in group-committed batches, each event once, and retry only the one that fails', async () => {
    const poison = registered();
    let poisonFailures = 1;
    const batches: number[] = [];
    await startConsumer(
      {
        before: (envelope) => {
          if (envelope.id === poison.id && poisonFailures-- > 0) throw new Error('fails once');
        },
      },
      { prefetch: 50, events: { batchCommitted: (size) => batches.push(size) } },
    );
    const burst = Array.from({ length: 199 }, () => registered());
    const all = [...burst.slice(0, 100), poison, burst[5], ...burst.slice(100)]; // burst[5] twice: a duplicate, maybe in the same batch

    for (const event of all) publisher.publish(EVENTS_EXCHANGE, AUTH_USER_REGISTERED_V1.routingKey, Buffer.from(JSON.stringify(event)), { persistent: true, messageId: event.id });
    await publisher.waitForConfirms();

    await waitFor(async () => (await effects()).length === 200, { description: 'the 200 distinct events applied', timeoutMs: 20_000 });
    await waitFor(queueIsSettled, { description: 'every delivery acknowledged' });
    const ids = (await effects()).map((e) => e.event_id);
    expect(new Set(ids).size).toBe(200);
    expect(ids).toContain(poison.id);
    expect(Math.max(...batches)).toBeGreaterThan(1); // group commits did happen
    expect(await listParkedMessages(publisher, queue)).toEqual([]);
  });

  it('should finish and acknowledge what it holds on stop, and take nothing more', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    const running = await startConsumer({
      before: async () => {
        started += 1;
        await gate;
      },
    });
    await publish(registered());
    await waitFor(() => started === 1, { description: 'the handler to start' });

    const stopping = running.stop();
    await waitFor(() => !running.consuming, { description: 'the consumer to stop taking messages' });
    await publish(registered());
    release();
    await stopping;

    expect(await effects()).toHaveLength(1);
    const main = await queueInfo(consumerQueueNames({ queue }).main);
    expect(main.messageCount).toBe(1); // the one published after stop waits for the next consumer
  });
});
