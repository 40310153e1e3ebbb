import { type AmqpConnection } from '../amqp-connection';
import { type ConsumerQueueSpec, declareConsumerTopology } from '../topology';

/**
 * Queues this process leaves to others (a PROCESS_ROLE=api process and the worker queues): declared with their bindings,
 * retry tiers and parking lot on each connect, on a channel of their own that is closed again, and never consumed, so
 * an event published while no consumer runs waits on its queue.
 */
export function declareQueuesOnConnect(amqp: AmqpConnection, specs: readonly ConsumerQueueSpec[]): void {
  if (specs.length === 0) return;
  amqp.onConnected(async (connection) => {
    const channel = await connection.createChannel();
    try {
      for (const spec of specs) await declareConsumerTopology(channel, spec);
    } finally {
      await channel.close().catch(() => undefined);
    }
  });
}
