/* eslint-disable no-console -- a benchmark worker: its stdout lines are how the benchmark follows it */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { AUTH_USER_REGISTERED_V1 } from '@taskhub/contracts';
import { AmqpConnection, declareConsumerTopology, EVENTS_EXCHANGE, OutboxRelay, type QueueType, writeToOutbox, writeWithOutbox } from '@taskhub/platform-messaging';
import { type ConfirmChannel, connect } from 'amqplib';
import { DataSource } from 'typeorm';
import { benchUser } from './bench-support';

/** The no-outbox baseline's routing key: a queue of its own, bound to nothing else. */
export const NO_OUTBOX_ROUTING_KEY = 'bench.nooutbox.sent.v1';
const INSERT_SOURCE = 'INSERT INTO source_row (id) VALUES ($1)';

/**
 * Writers as fast as BENCH_WRITERS concurrent loops go for BENCH_SECONDS, one event per transaction, each inserting a
 * `source_row` (the entity) and making its event known; BENCH_ROLE=
 * - `outbox`: TaskHub's way: the row and the event's outbox entry in one statement (writeWithOutbox: one round trip,
 *   as the baseline's INSERT), or with BENCH_OUTBOX_WRITE=transaction in a transaction of two INSERTs (writeToOutbox:
 *   four round trips with BEGIN and COMMIT); an OutboxRelay in this process (as in a service) publishes after the
 *   commit (the consumer is bench/events-worker.ts's `consumer`);
 * - `no-outbox`: what the reference implementations do: insert, commit, then publish on a confirm channel (an event
 *   is lost if the process dies between commit and publish);
 * - `no-outbox-consumer`: bare amqplib consumer of that queue (manual acks, BENCH_PREFETCH), inserting the `profile`
 *   row with ON CONFLICT DO NOTHING (the usual answer to redeliveries, without an inbox).
 * Prints `ready`, and for writers `written <n>`. SIGTERM stops.
 */
async function main(): Promise<void> {
  const env = process.env;
  const role = env.BENCH_ROLE;
  const databaseUrl = env.DATABASE_URL!;
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 20 });
  await dataSource.initialize();
  const stops: (() => Promise<void>)[] = [];
  process.once('SIGTERM', () => {
    void (async () => {
      for (const stop of stops) await stop().catch(() => undefined);
      await dataSource.destroy();
      process.exit(0);
    })();
  });
  if (role === 'no-outbox-consumer') {
    const connection = await connect(env.RABBITMQ_URL!, { noDelay: true });
    stops.push(() => connection.close());
    const channel = await connection.createChannel();
    await declareConsumerTopology(channel, { queue: env.BENCH_QUEUE!, routingKeys: [NO_OUTBOX_ROUTING_KEY], queueType: (env.BENCH_QUEUE_TYPE ?? 'quorum') as QueueType });
    await channel.prefetch(Number(env.BENCH_PREFETCH ?? 100));
    await channel.consume(env.BENCH_QUEUE!, (message) => {
      if (!message) return;
      const { data } = JSON.parse(message.content.toString('utf8')) as { data: { userId: string } };
      dataSource
        .query('INSERT INTO profile (event_id, user_id, applied_at) VALUES ($1, $2, clock_timestamp()) ON CONFLICT DO NOTHING', [message.properties.messageId, data.userId])
        .then(
          () => channel.ack(message),
          () => channel.nack(message, false, true),
        );
    });
    console.log('ready');
    return;
  }
  let write: (i: number) => Promise<void>;
  if (role === 'outbox') {
    const amqp = new AmqpConnection({ url: env.RABBITMQ_URL!, connectionName: 'bench-outbox-writer' });
    amqp.start();
    const relay = new OutboxRelay({ dataSource, databaseUrl, amqp });
    stops.push(() => relay.stop(), () => amqp.close());
    relay.start();
    await relay.waitUntilListening();
    write =
      env.BENCH_OUTBOX_WRITE === 'transaction'
        ? async (i) => {
            const user = benchUser(i);
            await dataSource.transaction(async (m) => {
              await m.query(INSERT_SOURCE, [user.userId]);
              await writeToOutbox(m, AUTH_USER_REGISTERED_V1, user);
            });
          }
        : async (i) => {
            const user = benchUser(i);
            await writeWithOutbox(dataSource.manager, INSERT_SOURCE, [user.userId], [{ contract: AUTH_USER_REGISTERED_V1, data: user }]);
          };
  } else if (role === 'no-outbox') {
    const connection = await connect(env.RABBITMQ_URL!, { noDelay: true });
    stops.push(() => connection.close());
    const channel: ConfirmChannel = await connection.createConfirmChannel();
    write = async (i) => {
      const user = benchUser(i);
      await dataSource.query(INSERT_SOURCE, [user.userId]); // its own transaction: committed when it returns
      const body = Buffer.from(JSON.stringify({ data: user }));
      await new Promise<void>((resolve, reject) => {
        channel.publish(EVENTS_EXCHANGE, NO_OUTBOX_ROUTING_KEY, body, { persistent: true, mandatory: true, messageId: randomUUID() }, (error) =>
          error ? reject(new Error('not confirmed')) : resolve(),
        );
      });
    };
  } else {
    throw new Error(`BENCH_ROLE=${role} is not outbox, no-outbox or no-outbox-consumer`);
  }
  console.log('ready');
  const until = performance.now() + Number(env.BENCH_SECONDS ?? 5) * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: Number(env.BENCH_WRITERS ?? 20) }, async () => {
      while (performance.now() < until) await write(next++);
    }),
  );
  console.log(`written ${next}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
