/* eslint-disable no-console -- a test child process: its stdout lines are how the test follows it */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { AUTH_USER_REGISTERED_V1 } from '@taskhub/contracts';
import { DataSource } from 'typeorm';
import { AmqpConnection } from '../../src/amqp-connection';
import { eventHandlers } from '../../src/handlers/event-handlers';
import { EventConsumer } from '../../src/inbox/event-consumer';
import { OutboxRelay } from '../../src/outbox/outbox-relay';
import { writeToOutbox } from '../../src/outbox/outbox-writer';
import { EffectHandlers } from './effect-handlers';

/**
 * A producer (with its outbox relay) or a consumer in a process of its own, for the process-level fault tests:
 * BACKBONE_ROLE=producer|consumer, DATABASE_URL, RABBITMQ_URL, BACKBONE_QUEUE (consumer), BACKBONE_EVENTS and
 * BACKBONE_KILL_AFTER_COMMIT (producer: SIGKILL itself right after that commit, before its relay can publish it),
 * BACKBONE_KILL_RELAY_AT_BATCH (producer: SIGKILL itself when its relay has had the broker confirm that batch and
 * has not marked it published yet), BACKBONE_HANDLER_DELAY_MS (consumer). Prints `ready`, `committed <id>`, `duplicate <id>`, `done`.
 */
async function main(): Promise<void> {
  const env = process.env;
  const databaseUrl = required('DATABASE_URL');
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 10 });
  await dataSource.initialize();
  const amqp = new AmqpConnection({ url: required('RABBITMQ_URL'), connectionName: `fault-${env.BACKBONE_ROLE}` });
  amqp.start();
  if (env.BACKBONE_ROLE === 'consumer') {
    const consumer = new EventConsumer({
      dataSource,
      amqp,
      queue: { queue: required('BACKBONE_QUEUE'), retryDelaysMs: [100, 200, 400] },
      handlers: eventHandlers(new EffectHandlers({ delayMs: Number(env.BACKBONE_HANDLER_DELAY_MS ?? 0) })),
      prefetch: 50,
      events: { duplicate: () => console.log('duplicate') },
    });
    consumer.start();
    while (!consumer.consuming) await new Promise((resolve) => setTimeout(resolve, 10));
    console.log('ready');
    return;
  }
  const killRelayAt = Number(env.BACKBONE_KILL_RELAY_AT_BATCH ?? 0);
  let batches = 0;
  const failpoint = (name: string): void => {
    // failpoint: the batch is on the broker (confirmed), the rows are still pending: die here, as a crash would
    if (name === 'after-publish-before-mark' && ++batches === killRelayAt) process.kill(process.pid, 'SIGKILL');
  };
  const relay = new OutboxRelay({ dataSource, databaseUrl, amqp, batchSize: 100, pollIntervalMs: 1_000, failpoint });
  relay.start();
  const events = Number(required('BACKBONE_EVENTS'));
  const killAfter = Number(env.BACKBONE_KILL_AFTER_COMMIT ?? 0);
  console.log('ready');
  for (let i = 1; i <= events; i++) {
    const envelope = await dataSource.transaction(async (manager) => {
      const id = randomUUID();
      await manager.query('INSERT INTO account (id, email) VALUES ($1, $2)', [id, `${id}@example.com`]);
      return writeToOutbox(manager, AUTH_USER_REGISTERED_V1, { userId: id, email: `${id}@example.com`, displayName: 'Process Fault' });
    });
    console.log(`committed ${envelope.id}`);
    if (i === killAfter) process.kill(process.pid, 'SIGKILL'); // failpoint: dead after commit, before any publish
  }
  console.log('done');
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
