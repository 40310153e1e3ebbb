import { type Channel, type ConfirmChannel, type GetMessage } from 'amqplib';
import { consumerQueueNames } from '../topology';
import { HEADER_ATTEMPT, HEADER_DEAD_AT, HEADER_DEAD_REASON, HEADER_LAST_ERROR, HEADER_ORIGINAL_ROUTING_KEY } from './message-headers';

export interface ParkedMessage {
  readonly messageId: string | undefined;
  readonly routingKey: string | undefined;
  readonly reason: string | undefined;
  readonly attempts: number | undefined;
  readonly parkedAt: string | undefined;
  readonly body: string;
}

/** Reads every message parked in `<queue>.dead` and puts them all back, untouched. */
export async function listParkedMessages(channel: Channel, queue: string): Promise<ParkedMessage[]> {
  const dead = consumerQueueNames({ queue }).dead;
  const taken: GetMessage[] = [];
  try {
    for (;;) {
      const message = await channel.get(dead, { noAck: false });
      if (message === false) break;
      taken.push(message);
    }
    return taken.map((m) => {
      const headers = (m.properties.headers ?? {}) as Record<string, unknown>;
      const text = (name: string): string | undefined => (typeof headers[name] === 'string' ? headers[name] : undefined);
      return {
        messageId: typeof m.properties.messageId === 'string' ? m.properties.messageId : undefined,
        routingKey: text(HEADER_ORIGINAL_ROUTING_KEY),
        reason: text(HEADER_DEAD_REASON),
        attempts: typeof headers[HEADER_ATTEMPT] === 'number' ? headers[HEADER_ATTEMPT] : undefined,
        parkedAt: text(HEADER_DEAD_AT),
        body: m.content.toString('utf8'),
      };
    });
  } finally {
    if (taken.length > 0) channel.nackAll(true);
  }
}

/**
 * Moves parked messages back to their consumer queue for another round of attempts (after the cause is fixed): each
 * is republished to `<queue>` with its attempt count reset, confirmed, then removed from `<queue>.dead`. The inbox
 * still guarantees that an event already applied is not applied again. Returns how many were replayed.
 */
export async function replayParkedMessages(channel: ConfirmChannel, queue: string, options: { limit?: number; messageId?: string } = {}): Promise<number> {
  const dead = consumerQueueNames({ queue }).dead;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let replayed = 0;
  const skipped: GetMessage[] = [];
  try {
    while (replayed < limit) {
      const message = await channel.get(dead, { noAck: false });
      if (message === false) break;
      if (options.messageId !== undefined && message.properties.messageId !== options.messageId) {
        skipped.push(message);
        continue;
      }
      const { [HEADER_DEAD_REASON]: _reason, [HEADER_DEAD_AT]: _at, [HEADER_LAST_ERROR]: _last, 'x-death': _death, ...headers } = (message.properties.headers ?? {}) as Record<
        string,
        unknown
      >;
      await new Promise<void>((resolve, reject) => {
        channel.publish('', queue, message.content, { ...message.properties, persistent: true, headers: { ...headers, [HEADER_ATTEMPT]: 1 } }, (error: unknown) =>
          error ? reject(new Error(`the broker did not confirm the replay of ${String(message.properties.messageId)}`)) : resolve(),
        );
      });
      channel.ack(message);
      replayed += 1;
    }
  } finally {
    for (const message of skipped) channel.nack(message, false, true);
  }
  return replayed;
}
