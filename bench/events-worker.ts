/* eslint-disable no-console -- a benchmark worker: its stdout lines are how the benchmark follows it */
import 'reflect-metadata';
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
import { DataSource } from 'typeorm';
import { benchUser, paced } from './events/bench-support';

/** The consumer's handler: a `profile` row stamped by the database's clock. */
class ProfileHandlers {
  @HandleEvent(AUTH_USER_REGISTERED_V1)
  async registered({ userId }: AuthUserRegisteredV1, { manager, envelope }: EventContext<AuthUserRegisteredV1>): Promise<void> {
    await manager.query('INSERT INTO profile (event_id, user_id, applied_at) VALUES ($1, $2, clock_timestamp())', [envelope.id, userId]);
  }
}

/**
 * One side of the event benchmark in a process of its own, as services run: BENCH_ROLE=
 * - `writer`: BENCH_TOTAL events into the outbox at BENCH_RATE per second from BENCH_WRITERS concurrent writers (0:
 *   as fast as batches of 1,000 go), with a relay in the same process when BENCH_RELAY=1 (a producing service);
 * - `relay`: only the relay (to drain an outbox filled beforehand);
 * - `consumer`: the inbox consumer of BENCH_QUEUE (of type BENCH_QUEUE_TYPE), whose handler writes a
 *   `profile` row stamped with clock_timestamp(), so latency is measured by the database's clock.
 * Prints `ready` and, for the writer, `written <n> <seconds>`. SIGTERM stops the relay or consumer and exits.
 */
async function main(): Promise<void> {
  const env = process.env;
  const databaseUrl = env.DATABASE_URL!;
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 20 });
  await dataSource.initialize();
  const amqp = new AmqpConnection({ url: env.RABBITMQ_URL!, connectionName: `bench-${env.BENCH_ROLE}` });
  amqp.start();
  const role = env.BENCH_ROLE;
  const running: { stop(): Promise<void> }[] = [];
  process.once('SIGTERM', () => {
    void (async () => {
      for (const r of running) await r.stop();
      await amqp.close();
      await dataSource.destroy();
      process.exit(0);
    })();
  });
  if (role === 'consumer') {
    const queueType = (env.BENCH_QUEUE_TYPE ?? 'quorum') as QueueType;
    const consumer = new EventConsumer({
      dataSource,
      amqp,
      queue: { queue: env.BENCH_QUEUE!, queueType },
      handlers: eventHandlers(new ProfileHandlers()),
      prefetch: Number(env.BENCH_PREFETCH ?? 100),
      batchSize: env.BENCH_CONSUMER_BATCH_SIZE === undefined ? undefined : Number(env.BENCH_CONSUMER_BATCH_SIZE),
      maxConcurrentBatches: env.BENCH_CONSUMER_CONCURRENCY === undefined ? undefined : Number(env.BENCH_CONSUMER_CONCURRENCY),
    });
    running.push(consumer);
    consumer.start();
    while (!consumer.consuming) await new Promise((resolve) => setTimeout(resolve, 10));
    console.log('ready');
    return;
  }
  if (role === 'relay' || env.BENCH_RELAY === '1') {
    const relay = new OutboxRelay({ dataSource, databaseUrl, amqp });
    running.push(relay);
    relay.start();
    await relay.waitUntilListening();
  }
  console.log('ready');
  if (role !== 'writer') return;
  const total = Number(env.BENCH_TOTAL);
  const rate = Number(env.BENCH_RATE ?? 0);
  const began = performance.now();
  if (rate === 0) {
    for (let i = 0; i < total; i += 1000) {
      const entries = Array.from({ length: Math.min(1000, total - i) }, (_, j) => ({ contract: AUTH_USER_REGISTERED_V1, data: benchUser(i + j) }));
      await dataSource.transaction((m) => writeAllToOutbox(m, entries));
    }
  } else {
    await paced(total, rate, Number(env.BENCH_WRITERS ?? 20), async (i) => {
      await dataSource.transaction((m) => writeToOutbox(m, AUTH_USER_REGISTERED_V1, benchUser(i)));
    });
  }
  console.log(`written ${total} ${((performance.now() - began) / 1000).toFixed(3)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
