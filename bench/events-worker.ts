/* eslint-disable no-console -- a benchmark worker: its stdout lines are how the benchmark follows it */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { AUTH_USER_REGISTERED_V1, EventRegistry } from '@taskhub/contracts';
import { AmqpConnection, EventConsumer, OutboxRelay, type QueueType, writeAllToOutbox, writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource } from 'typeorm';

/**
 * One side of the event benchmark in a process of its own, as services run: BENCH_ROLE=
 * - `writer`: BENCH_TOTAL events into the outbox at BENCH_RATE per second (0: as fast as batches of 1,000 go), with a
 *   relay in the same process when BENCH_RELAY=1 (a producing service);
 * - `relay`: only the relay (to drain an outbox filled beforehand);
 * - `consumer`: the inbox consumer of `bench.events-<queue type>` (BENCH_QUEUE_TYPE), whose handler writes a
 *   `profile` row stamped with clock_timestamp(), so latency is measured by the database's clock.
 * Prints `ready` and, for the writer, `written <n> <seconds>`.
 */
async function main(): Promise<void> {
  const env = process.env;
  const databaseUrl = env.DATABASE_URL!;
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 20 });
  await dataSource.initialize();
  const amqp = new AmqpConnection({ url: env.RABBITMQ_URL!, connectionName: `bench-${env.BENCH_ROLE}` });
  amqp.start();
  const role = env.BENCH_ROLE;
  if (role === 'consumer') {
    const queueType = (env.BENCH_QUEUE_TYPE ?? 'quorum') as QueueType;
    const consumer = new EventConsumer({
      dataSource,
      amqp,
      registry: new EventRegistry([AUTH_USER_REGISTERED_V1]),
      queue: { queue: `bench.events-${queueType}`, routingKeys: [AUTH_USER_REGISTERED_V1.routingKey], queueType },
      handlers: {
        [AUTH_USER_REGISTERED_V1.routingKey]: async (event, manager) => {
          await manager.query('INSERT INTO profile (event_id, user_id, applied_at) VALUES ($1, $2, clock_timestamp())', [
            event.id,
            (event.data as { userId: string }).userId,
          ]);
        },
      },
      prefetch: Number(env.BENCH_PREFETCH ?? 100),
    });
    consumer.start();
    while (!consumer.consuming) await new Promise((resolve) => setTimeout(resolve, 10));
    console.log('ready');
    return;
  }
  if (role === 'relay' || env.BENCH_RELAY === '1') {
    const relay = new OutboxRelay({ dataSource, databaseUrl, amqp, batchSize: 500 });
    relay.start();
    await relay.waitUntilListening();
  }
  console.log('ready');
  if (role !== 'writer') return;
  const total = Number(env.BENCH_TOTAL);
  const rate = Number(env.BENCH_RATE ?? 0);
  const data = (): { userId: string; email: string; displayName: string } => ({ userId: randomUUID(), email: 'bench@example.com', displayName: 'Bench' });
  const began = performance.now();
  if (rate === 0) {
    for (let i = 0; i < total; i += 1000) {
      await dataSource.transaction((m) => writeAllToOutbox(m, Array.from({ length: Math.min(1000, total - i) }, () => ({ contract: AUTH_USER_REGISTERED_V1, data: data() }))));
    }
  } else {
    const writers = 20;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = w; i < total; i += writers) {
          const wait = began + (i / rate) * 1000 - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          await dataSource.transaction((m) => writeToOutbox(m, AUTH_USER_REGISTERED_V1, data()));
        }
      }),
    );
  }
  console.log(`written ${total} ${((performance.now() - began) / 1000).toFixed(3)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
