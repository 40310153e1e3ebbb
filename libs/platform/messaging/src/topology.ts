import { type Channel } from 'amqplib';

/** The durable topic exchange every event goes through, routed by `<service>.<entity>.<past-tense-verb>.v<n>`. */
export const EVENTS_EXCHANGE = 'taskhub.events';
/** Where a consumer queue's rejected messages go (direct, routed by `<queue>.dead`) */
export const DEAD_LETTER_EXCHANGE = 'taskhub.dead-letter';
/**
 * Where a consumer puts its retries and parked messages, and where a retry tier sends them back to their queue when
 * their delay is over (topic, routed by the name of the queue they go to: `<queue>.delay.<n>`, `<queue>.dead`,
 * `<queue>`). A topic exchange, so that topic permissions keep each service to its own queues' names; the default
 * exchange would let it put a message into any queue (docs/event-backbone.md, "Access control").
 */
export const RETRY_EXCHANGE = 'taskhub.retry';
/** 1 s, 10 s, 60 s: a blip is retried almost at once, an outage of a dependency is waited out. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 10_000, 60_000];
/** A retry waits its tier's delay times a random factor in [1 - JITTER, 1 + JITTER], so retries do not stampede. */
export const RETRY_JITTER = 0.2;

export type QueueType = 'quorum' | 'classic';

export interface ConsumerQueueSpec {
  /** `<consumer>.<purpose>`, e.g. `user.profile-from-registration` */
  readonly queue: string;
  /** the routing keys it is bound to on `taskhub.events` */
  readonly routingKeys: readonly string[];
  /** one retry tier per delay, in order; after the last, the message is parked in `<queue>.dead` */
  readonly retryDelaysMs?: readonly number[];
  readonly queueType?: QueueType;
}

export interface ConsumerQueueNames {
  readonly main: string;
  /** one per tier, `<queue>.delay.<n>` (named `<queue>.retry.<n>` before their dead-letter exchange changed) */
  readonly retries: readonly string[];
  /** the parking lot */
  readonly dead: string;
}

const QUEUE_NAME = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

export function consumerQueueNames(spec: Pick<ConsumerQueueSpec, 'queue' | 'retryDelaysMs'>): ConsumerQueueNames {
  const tiers = spec.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  return { main: spec.queue, retries: tiers.map((_, i) => `${spec.queue}.delay.${i + 1}`), dead: `${spec.queue}.dead` };
}

/** The TTL a retry tier's queue enforces: its delay with the largest jitter, so a message's own expiration decides. */
export function retryTierTtlMs(delayMs: number): number {
  return Math.ceil(delayMs * (1 + RETRY_JITTER));
}

/** The expiration of one retried message in a tier: the delay with jitter. */
export function jitteredDelayMs(delayMs: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(delayMs * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random())));
}

/**
 * Declares, idempotently, the exchanges and one consumer's queues:
 * - `<queue>` (durable), bound to `taskhub.events` by each routing key; what it rejects goes through
 *   `taskhub.dead-letter` to `<queue>.dead`;
 * - `<queue>.delay.<n>`, one retry tier per delay: a message waits there for its expiration, then is dead-lettered
 *   through `taskhub.retry` back to `<queue>` (and to no other consumer's queue);
 * - `<queue>.dead`, the parking lot, kept until an operator replays or drops what is there.
 * All three are bound to `taskhub.retry` by their own names: the consumer puts a retry or a parked message there by
 * publishing it to that exchange, and a tier's expired messages come back to `<queue>` through it. (Not the default
 * exchange: declaring a queue whose dead-letter exchange is the default one needs write permission on it.)
 * Declaring again with the same spec is a no-op; with other arguments RabbitMQ refuses (PRECONDITION_FAILED).
 */
export async function declareConsumerTopology(channel: Channel, spec: ConsumerQueueSpec): Promise<ConsumerQueueNames> {
  if (!QUEUE_NAME.test(spec.queue)) throw new Error(`queue "${spec.queue}" must be <consumer>.<purpose> in lower case`);
  const names = consumerQueueNames(spec);
  const type = spec.queueType ?? 'quorum';
  const tiers = spec.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  await declareExchanges(channel);
  await channel.assertQueue(names.dead, { durable: true, arguments: { 'x-queue-type': type } });
  await channel.bindQueue(names.dead, DEAD_LETTER_EXCHANGE, names.dead);
  await channel.bindQueue(names.dead, RETRY_EXCHANGE, names.dead);
  await channel.assertQueue(names.main, {
    durable: true,
    arguments: { 'x-queue-type': type, 'x-dead-letter-exchange': DEAD_LETTER_EXCHANGE, 'x-dead-letter-routing-key': names.dead },
  });
  for (const key of spec.routingKeys) await channel.bindQueue(names.main, EVENTS_EXCHANGE, key);
  await channel.bindQueue(names.main, RETRY_EXCHANGE, names.main);
  for (let i = 0; i < tiers.length; i++) {
    await channel.assertQueue(names.retries[i], {
      durable: true,
      arguments: {
        'x-queue-type': type,
        'x-message-ttl': retryTierTtlMs(tiers[i]),
        'x-dead-letter-exchange': RETRY_EXCHANGE,
        'x-dead-letter-routing-key': names.main,
      },
    });
    await channel.bindQueue(names.retries[i], RETRY_EXCHANGE, names.retries[i]);
  }
  return names;
}

/** The three exchanges every producer and consumer relies on. */
export async function declareExchanges(channel: Channel): Promise<void> {
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
  await channel.assertExchange(DEAD_LETTER_EXCHANGE, 'direct', { durable: true });
  await channel.assertExchange(RETRY_EXCHANGE, 'topic', { durable: true });
}
