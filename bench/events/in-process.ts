import { AUTH_USER_REGISTERED_V1, type AuthUserRegisteredV1 } from '@taskhub/contracts';
import {
  AmqpConnection,
  type EventContext,
  EventConsumer,
  eventHandlers,
  HandleEvent,
  OutboxRelay,
  type QueueType,
  writeAllToOutbox,
  writeToOutbox,
} from '@taskhub/platform-messaging';
import { type DataSource } from 'typeorm';
import { benchQueue, benchUser, deleteBenchQueue, type EventsBenchConfig, type EventsRow, latencyWrites, paced, percentile, waitUntil } from './bench-support';

export interface BenchDatabase {
  readonly dataSource: DataSource;
  readonly url: string;
  readonly amqpUrl: string;
}

/** The consumer's handler: a `profile` row, and when each event was applied (by id). */
class ProfileHandlers {
  readonly applied = new Map<string, number>();

  @HandleEvent(AUTH_USER_REGISTERED_V1)
  async registered({ userId, email }: AuthUserRegisteredV1, { manager, envelope }: EventContext<AuthUserRegisteredV1>): Promise<void> {
    await manager.query('INSERT INTO profile (user_id, email) VALUES ($1, $2)', [userId, email]);
    this.applied.set(envelope.id, performance.now());
  }
}

/** Writers, relay and consumer in this one process, each with its own AMQP connection for relay and consumer. */
class Pipeline {
  private readonly handlers = new ProfileHandlers();
  private relay: OutboxRelay | undefined;
  private consumer: EventConsumer | undefined;
  private readonly amqp: AmqpConnection[];
  private readonly queue: string;

  constructor(
    private readonly db: BenchDatabase,
    private readonly queueType: QueueType,
    private readonly config: EventsBenchConfig,
  ) {
    this.amqp = [0, 1].map((i) => new AmqpConnection({ url: db.amqpUrl, connectionName: `bench-${i}` }));
    this.queue = benchQueue('pipeline', queueType);
  }

  async startConsumer(): Promise<void> {
    this.amqp[0].start();
    const consumer = new EventConsumer({
      dataSource: this.db.dataSource,
      amqp: this.amqp[0],
      queue: { queue: this.queue, queueType: this.queueType },
      handlers: eventHandlers(this.handlers),
      prefetch: this.config.prefetch,
      batchSize: this.config.consumerBatch,
      maxConcurrentBatches: this.config.consumerConcurrency,
    });
    this.consumer = consumer;
    consumer.start();
    await waitUntil(() => consumer.consuming, 'the consumer');
  }

  /** when each event was applied, by id */
  get applied(): ReadonlyMap<string, number> {
    return this.handlers.applied;
  }

  async startRelay(): Promise<void> {
    this.amqp[1].start();
    this.relay = new OutboxRelay({ dataSource: this.db.dataSource, databaseUrl: this.db.url, amqp: this.amqp[1] });
    this.relay.start();
    await this.relay.waitUntilListening();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    await this.relay?.stop();
    for (const a of this.amqp) await a.close();
    await deleteBenchQueue(this.db.amqpUrl, this.queue);
  }
}

/** An outbox filled beforehand, drained: from the relay's start to the last handler done. */
export async function inProcessCapacity(db: BenchDatabase, queueType: QueueType, config: EventsBenchConfig): Promise<EventsRow> {
  await db.dataSource.query('TRUNCATE outbox_event, inbox_event, profile');
  const total = config.capacityEvents;
  for (let i = 0; i < total; i += 1000) {
    const entries = Array.from({ length: Math.min(1000, total - i) }, (_, j) => ({ contract: AUTH_USER_REGISTERED_V1, data: benchUser(i + j) }));
    await db.dataSource.transaction((m) => writeAllToOutbox(m, entries));
  }
  const pipeline = new Pipeline(db, queueType, config);
  try {
    await pipeline.startConsumer();
    const started = performance.now();
    await pipeline.startRelay();
    await waitUntil(() => pipeline.applied.size >= total, 'every event applied');
    const seconds = (performance.now() - started) / 1000;
    return { variant: 'TaskHub outbox -> relay -> inbox consumer', queueType, eventsPerSecond: Math.round(total / seconds) };
  } finally {
    await pipeline.stop();
  }
}

/** Paced writers (one event per transaction); latency from each writer's commit to its handler done. */
export async function inProcessLatency(db: BenchDatabase, queueType: QueueType, config: EventsBenchConfig): Promise<EventsRow> {
  await db.dataSource.query('TRUNCATE outbox_event, inbox_event, profile');
  const pipeline = new Pipeline(db, queueType, config);
  try {
    await pipeline.startConsumer();
    await pipeline.startRelay();
    const committed = new Map<string, number>();
    const { total, warmup } = latencyWrites(config);
    const achievedRate = await paced(total, config.rate, config.writers, async (i) => {
      const envelope = await db.dataSource.transaction((m) => writeToOutbox(m, AUTH_USER_REGISTERED_V1, benchUser(i)));
      if (i >= warmup) committed.set(envelope.id, performance.now());
    });
    await waitUntil(() => pipeline.applied.size >= total, 'every event applied');
    const latencies = [...committed].map(([id, t]) => (pipeline.applied.get(id) ?? Number.NaN) - t);
    return { variant: 'TaskHub commit -> handler done', queueType, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), achievedRate };
  } finally {
    await pipeline.stop();
  }
}
