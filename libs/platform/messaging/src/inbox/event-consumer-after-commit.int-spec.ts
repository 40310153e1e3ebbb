import { randomBytes, randomUUID } from 'node:crypto';
import { AUTH_USER_REGISTERED_V1, type AuthUserRegisteredV1, createEnvelope, type EventEnvelope } from '@taskhub/contracts';
import { afterCommit, AfterCommitSubscriber } from '@taskhub/platform-database';
import { createScratchDatabase, integrationEnv, type ScratchDatabase, waitFor } from '@taskhub/platform-testing';
import { type ChannelModel, type ConfirmChannel, connect } from 'amqplib';
import { DataSource } from 'typeorm';
import { AmqpConnection } from '../amqp-connection';
import { EVENTS_EXCHANGE } from '../topology';
import { CreateInbox1795500000001 } from './create-inbox.migration';
import { eventHandlers } from '../handlers/event-handlers';
import { type EventContext, HandleEvent } from '../handlers/handle-event.decorator';
import { EventConsumer } from './event-consumer';

const registered = (): EventEnvelope<AuthUserRegisteredV1> =>
  createEnvelope(AUTH_USER_REGISTERED_V1, { userId: randomUUID(), email: 'ada@example.com', displayName: 'Ada' }, { correlationId: 'req-after-commit' });

/** A handler's after-commit callbacks in the consumer's group commits: they run for what committed, once. */
describe(`${EventConsumer.name} with afterCommit`, () => {
  const env = integrationEnv();
  let scratch: ScratchDatabase;
  let dataSource: DataSource;
  let publisherConnection: ChannelModel;
  let publisher: ConfirmChannel;
  let amqp: AmqpConnection;
  let consumer: EventConsumer | undefined;

  /** per event id: handler runs, and callbacks run (with whether its effect was committed when the callback ran) */
  let calls: Map<string, number>;
  let fired: Array<{ id: string; committed: boolean }>;
  let batches: number[];

  const isCommitted = async (id: string): Promise<boolean> =>
    (await dataSource.query<unknown[]>('SELECT 1 FROM effect WHERE event_id = $1', [id])).length === 1;
  const publish = async (events: readonly EventEnvelope[]): Promise<void> => {
    for (const event of events) {
      publisher.publish(EVENTS_EXCHANGE, AUTH_USER_REGISTERED_V1.routingKey, Buffer.from(JSON.stringify(event)), { persistent: true, messageId: event.id });
    }
    await publisher.waitForConfirms();
  };
  const readyMessages = async (queue: string): Promise<number> => {
    const channel = await publisherConnection.createChannel();
    try {
      return (await channel.checkQueue(queue)).messageCount;
    } finally {
      await channel.close().catch(() => undefined);
    }
  };

  /**
   * Starts a consumer whose handler writes the effect, registers a callback, then fails as `fail` says; the handler of
   * `gate.event` waits for `gate.open`, so what is published meanwhile is buffered and applied as one batch after it.
   */
  const startConsumer = async (queue: string, gate: { event: EventEnvelope; open: Promise<void> }, fail: (id: string) => boolean): Promise<void> => {
    const recordEffect = async (event: EventEnvelope, manager: EventContext<AuthUserRegisteredV1>['manager']): Promise<void> => {
      calls.set(event.id, (calls.get(event.id) ?? 0) + 1);
      if (event.id === gate.event.id) await gate.open;
      await manager.query('INSERT INTO effect (event_id) VALUES ($1)', [event.id]);
      afterCommit(manager, async () => void fired.push({ id: event.id, committed: await isCommitted(event.id) }));
      if (fail(event.id)) throw new Error('the handler failed after registering its callback');
    };
    class EffectHandlers {
      @HandleEvent(AUTH_USER_REGISTERED_V1)
      registered(_data: AuthUserRegisteredV1, { manager, envelope }: EventContext<AuthUserRegisteredV1>): Promise<void> {
        return recordEffect(envelope, manager);
      }
    }
    consumer = new EventConsumer({
      dataSource,
      amqp,
      queue: { queue, retryDelaysMs: [50, 100], queueType: 'quorum' },
      handlers: eventHandlers(new EffectHandlers()),
      prefetch: 10,
      batchSize: 10,
      maxConcurrentBatches: 1,
      events: { batchCommitted: (size) => batches.push(size) },
    });
    consumer.start();
    await waitFor(() => consumer?.consuming, { description: 'the consumer to subscribe' });
  };

  /** Publishes the gate event, waits for its handler, publishes `batch` and waits until the broker has delivered it all. */
  const publishBehindGate = async (queue: string, gateEvent: EventEnvelope, batch: readonly EventEnvelope[]): Promise<void> => {
    await publish([gateEvent]);
    await waitFor(() => calls.get(gateEvent.id) === 1, { description: 'the gate handler to start' });
    await publish(batch);
    await waitFor(async () => (await readyMessages(queue)) === 0, { description: 'the batch delivered to the consumer' });
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase('inbox_after_commit');
    dataSource = new DataSource({
      type: 'postgres',
      url: scratch.url,
      migrations: [CreateInbox1795500000001],
      subscribers: [AfterCommitSubscriber],
      poolSize: 5,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.query('CREATE TABLE effect (event_id uuid NOT NULL)');
    publisherConnection = await connect(env.rabbitmqUrl);
    publisher = await publisherConnection.createConfirmChannel();
    amqp = new AmqpConnection({ url: env.rabbitmqUrl, connectionName: 'event-consumer-after-commit-int-spec' });
    amqp.start();
  });

  beforeEach(() => {
    calls = new Map();
    fired = [];
    batches = [];
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

  it('should run the callbacks of a group commit once it has committed', async () => {
    const queue = `itest.after-commit-${randomBytes(4).toString('hex')}`;
    let open: () => void = () => undefined;
    const gate = { event: registered(), open: new Promise<void>((resolve) => (open = resolve)) };
    const batch = [registered(), registered(), registered()];
    await startConsumer(queue, gate, () => false);

    await publishBehindGate(queue, gate.event, batch);
    open();

    await waitFor(() => fired.length === 4, { description: 'four callbacks' });
    expect(batches).toEqual([3]);
    expect(fired.map((f) => f.id).sort()).toEqual([gate.event, ...batch].map((e) => e.id).sort());
    expect(fired.every((f) => f.committed)).toBe(true);
  });

  it('should not run the callbacks of a rolled-back batch, only those of the attempts that committed', async () => {
    const queue = `itest.after-commit-${randomBytes(4).toString('hex')}`;
    let open: () => void = () => undefined;
    const gate = { event: registered(), open: new Promise<void>((resolve) => (open = resolve)) };
    const [first, poison, last] = [registered(), registered(), registered()];
    let poisonFailures = 2; // in the batch, then on its own; applied from the retry tier
    await startConsumer(queue, gate, (id) => id === poison.id && poisonFailures-- > 0);

    await publishBehindGate(queue, gate.event, [first, poison, last]);
    open();

    await waitFor(() => fired.some((f) => f.id === poison.id), { description: 'the poison event applied after its retry' });
    await waitFor(async () => (await readyMessages(queue)) === 0, { description: 'the queue settled' });
    // the batch ran the handlers up to the poison's and rolled back; each ran again on its own, the poison twice more
    expect(Object.fromEntries(calls)).toEqual({ [gate.event.id]: 1, [first.id]: 2, [poison.id]: 3, [last.id]: 1 });
    expect(batches).toEqual([]);
    expect(fired.map((f) => f.id).sort()).toEqual([gate.event, first, poison, last].map((e) => e.id).sort());
    expect(fired.every((f) => f.committed)).toBe(true);
  });
});
