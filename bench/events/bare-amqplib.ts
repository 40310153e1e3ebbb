import { randomUUID } from 'node:crypto';
import { declareConsumerTopology, EVENTS_EXCHANGE, type QueueType } from '@taskhub/platform-messaging';
import { type ConfirmChannel, connect } from 'amqplib';
import { benchUser, type EventsBenchConfig, type EventsRow, latencyWrites, paced, percentile, waitUntil } from './bench-support';

const VARIANT = 'bare amqplib publish -> consume';
const ROUTING_KEY = 'bench.bare.sent.v1';

/**
 * The baseline: a confirm-channel publisher and a manual-ack consumer (same prefetch), persistent messages on the
 * same topology, no database. Capacity: `capacityEvents` published with a window of 500 outstanding confirms.
 */
export async function bareCapacity(amqpUrl: string, queueType: QueueType, config: EventsBenchConfig): Promise<EventsRow> {
  const bare = await BareLink.open(amqpUrl, queueType, 'capacity', config.prefetch);
  try {
    const total = config.capacityEvents;
    const began = performance.now();
    for (let i = 0; i < total; i++) {
      if (!bare.publish(randomUUID())) await new Promise((resolve) => bare.publisher.once('drain', resolve));
      if (i % 500 === 499) await bare.publisher.waitForConfirms();
    }
    await bare.publisher.waitForConfirms();
    await waitUntil(() => bare.received.size >= total, 'every bare message');
    return { variant: VARIANT, queueType, eventsPerSecond: Math.round(total / ((performance.now() - began) / 1000)) };
  } finally {
    await bare.close();
  }
}

/** Latency at the asked rate: paced publishers, each waiting for its confirm (as a writer waits for its commit). */
export async function bareLatency(amqpUrl: string, queueType: QueueType, config: EventsBenchConfig): Promise<EventsRow> {
  const bare = await BareLink.open(amqpUrl, queueType, 'latency', config.prefetch);
  try {
    const { total, warmup } = latencyWrites(config);
    const sent = new Map<string, number>();
    const achievedRate = await paced(total, config.rate, config.writers, async (i) => {
      const id = randomUUID();
      if (i >= warmup) sent.set(id, performance.now());
      await new Promise<void>((resolve, reject) => {
        bare.publish(id, (error) => (error ? reject(new Error('not confirmed')) : resolve()));
      });
    });
    await waitUntil(() => bare.received.size >= total, 'every bare message');
    const latencies = [...sent].map(([id, t]) => (bare.received.get(id) ?? Number.NaN) - t);
    return { variant: VARIANT, queueType, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), achievedRate };
  } finally {
    await bare.close();
  }
}

class BareLink {
  readonly received = new Map<string, number>();
  private readonly body = Buffer.from(JSON.stringify({ data: benchUser(0) }));

  private constructor(
    readonly publisher: ConfirmChannel,
    private readonly close_: () => Promise<void>,
  ) {}

  static async open(amqpUrl: string, queueType: QueueType, mode: string, prefetch: number): Promise<BareLink> {
    const publishing = await connect(amqpUrl, { noDelay: true });
    const consuming = await connect(amqpUrl, { noDelay: true });
    const publisher = await publishing.createConfirmChannel();
    const subscriber = await consuming.createChannel();
    const queue = `bench.bare-${queueType}-${mode}`;
    await declareConsumerTopology(publisher, { queue, routingKeys: [ROUTING_KEY], queueType });
    await subscriber.prefetch(prefetch);
    const link = new BareLink(publisher, async () => {
      await publishing.close();
      await consuming.close();
    });
    await subscriber.consume(queue, (message) => {
      if (!message) return;
      link.received.set(String(message.properties.messageId), performance.now());
      subscriber.ack(message);
    });
    return link;
  }

  publish(id: string, confirmed?: (error: unknown) => void): boolean {
    return this.publisher.publish(EVENTS_EXCHANGE, ROUTING_KEY, this.body, { persistent: true, mandatory: true, messageId: id }, confirmed);
  }

  close(): Promise<void> {
    return this.close_();
  }
}
