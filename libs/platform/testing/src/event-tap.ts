import { randomBytes } from 'node:crypto';
import { declareConsumerTopology } from '@taskhub/platform-messaging';
import { integrationEnv } from './integration-env';
import { waitFor } from './wait-for';
import { type ChannelModel, connect } from 'amqplib';

export interface TappedEvent {
  readonly id: string;
  readonly data: Record<string, unknown>;
}

/**
 * A queue of its own bound to one routing key on the run's vhost, collecting every envelope published there: what a
 * consumer of the event receives (the notification service a reset token, the user service a personal data part).
 */
export class EventTap {
  readonly events: TappedEvent[] = [];

  private constructor(private readonly connection: ChannelModel) {}

  /** `label` names the queue (`itest.<label>-tap-<random>`), so a leftover one tells whose it was. */
  static async open(routingKey: string, label = 'event'): Promise<EventTap> {
    const connection = await connect(integrationEnv().rabbitmqUrl);
    const tap = new EventTap(connection);
    const channel = await connection.createChannel();
    const queue = `itest.${label}-tap-${randomBytes(4).toString('hex')}`;
    await declareConsumerTopology(channel, { queue, routingKeys: [routingKey], queueType: 'classic' });
    await channel.consume(queue, (m) => m && tap.events.push(JSON.parse(m.content.toString()) as TappedEvent), { noAck: true });
    return tap;
  }

  /** The first `count` events that match, once that many have arrived. */
  async waitFor(count: number, matches: (event: TappedEvent) => boolean, description: string): Promise<TappedEvent[]> {
    return waitFor(
      () => {
        const found = this.events.filter(matches);
        return found.length >= count ? found.slice(0, count) : undefined;
      },
      { description, intervalMs: 20 },
    );
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
