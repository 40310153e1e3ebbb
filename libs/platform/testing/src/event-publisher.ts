import { randomUUID } from 'node:crypto';
import { createEnvelope, type EventContract, type EventEnvelope, type EventMetadata } from '@taskhub/contracts';
import { type ChannelModel, connect } from 'amqplib';

/** The exchange every event travels on (declared by the services' topology; repeated here to keep this lib light). */
const EVENTS_EXCHANGE = 'taskhub.events';

/** Publishes events to taskhub.events the way their producer's relay does (persistent, confirmed), for consumer tests. */
export class TestEventPublisher {
  private constructor(private readonly connection: ChannelModel) {}

  static async connect(rabbitmqUrl: string): Promise<TestEventPublisher> {
    return new TestEventPublisher(await connect(rabbitmqUrl));
  }

  /** Publishes `envelope` as it is (a redelivery), or a new envelope of `data`; resolves once the broker confirmed it. */
  async publish<T extends object>(contract: EventContract<T>, data: T, envelope?: EventEnvelope<T>, meta: Partial<EventMetadata> = {}): Promise<EventEnvelope<T>> {
    const event = envelope ?? createEnvelope(contract, data, { correlationId: `it-${randomUUID()}`, ...meta });
    const channel = await this.connection.createConfirmChannel();
    try {
      channel.publish(EVENTS_EXCHANGE, contract.routingKey, Buffer.from(JSON.stringify(event)), {
        persistent: true,
        messageId: event.id,
        contentType: 'application/json',
      });
      await channel.waitForConfirms();
    } finally {
      await channel.close();
    }
    return event;
  }

  /**
   * Empties a queue of the run's vhost if it exists: a spec that starts a consumer does not want to wait behind the
   * events other specs left in it (e.g. every registration of the auth specs, queued for `user.accounts`).
   */
  async purgeQueue(queue: string): Promise<void> {
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined); // a queue not declared yet: the broker closes the channel with a 404
    try {
      await channel.checkQueue(queue);
      await channel.purgeQueue(queue);
      await channel.close();
    } catch {
      // not declared yet: nothing to purge
    }
  }

  /** A queue's ready messages and its consumers right now; undefined while it is not declared. */
  async queueState(queue: string): Promise<{ messages: number; consumers: number } | undefined> {
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined); // not declared: the broker closes the channel with a 404
    try {
      const { messageCount, consumerCount } = await channel.checkQueue(queue);
      await channel.close();
      return { messages: messageCount, consumers: consumerCount };
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
