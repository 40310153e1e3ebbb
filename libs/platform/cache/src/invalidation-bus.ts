import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { type Redis } from '@taskhub/platform-redis';

/** What one instance tells the others: drop these ids of this namespace from your in-process cache. */
interface InvalidationMessage {
  readonly ns: string;
  readonly ids: readonly string[];
  /** the sender's instance id: its ack channel */
  readonly from: string;
  readonly msg: string;
}

/** A receiver's answer: it has dropped the ids of message `ack`. */
interface AckMessage {
  readonly ack: string;
}

export interface InvalidationBusOptions {
  /** channel names start with it (the client's key prefix: ioredis does not prefix channels) */
  readonly prefix: string;
  /** how long a broadcast waits for every instance's ack before it gives up (logged; the local TTL bounds the rest) */
  readonly ackTimeoutMs: number;
}

/**
 * Redis pub/sub between the instances of a service, for their in-process caches. A broadcast returns once every
 * instance subscribed at that moment (PUBLISH counts them, this one included) has acknowledged that it dropped the
 * ids, or after `ackTimeoutMs`: a write that broadcasts before it answers leaves no instance serving the old value.
 * While the subscription is down (`listening` false) an instance must not serve from its local cache; when it comes
 * back, every local cache is cleared, since messages may have been missed meanwhile.
 */
export class InvalidationBus {
  private readonly logger = new Logger('CacheBus');
  private readonly instanceId = randomUUID();
  private readonly handlers = new Map<string, (ids: readonly string[] | 'all') => void>();
  private readonly waiting = new Map<string, { acks: number; expected: number; done: () => void }>();
  private subscriber: Redis | undefined;
  private subscribed = false;

  constructor(
    private readonly client: Redis,
    private readonly options: InvalidationBusOptions,
  ) {}

  private get channel(): string {
    return `${this.options.prefix}cache-invalidations`;
  }

  private ackChannel(instanceId: string): string {
    return `${this.options.prefix}cache-acks:${instanceId}`;
  }

  /** the subscription is up: local caches may serve */
  get listening(): boolean {
    return this.subscribed && this.subscriber?.status === 'ready';
  }

  /** Registers the local side of namespace `ns`; the first one opens the subscriber connection. */
  register(ns: string, forget: (ids: readonly string[] | 'all') => void): void {
    this.handlers.set(ns, forget);
    if (!this.subscriber) this.open();
  }

  /** Tells every instance (this one too) to drop `ids` of `ns`, and waits for their acks (bounded). */
  async broadcast(ns: string, ids: readonly string[]): Promise<void> {
    const msg = randomUUID();
    let done: () => void = () => undefined;
    const acked = new Promise<void>((resolve) => (done = resolve));
    const entry = { acks: 0, expected: Number.POSITIVE_INFINITY, done };
    this.waiting.set(msg, entry);
    let timer: NodeJS.Timeout | undefined;
    try {
      const message: InvalidationMessage = { ns, ids, from: this.instanceId, msg };
      entry.expected = await this.client.publish(this.channel, JSON.stringify(message));
      if (entry.acks >= entry.expected) return;
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), this.options.ackTimeoutMs)));
      if (await Promise.race([acked.then(() => false), timedOut])) {
        this.logger.warn(`cache invalidation of ${ns} acknowledged by ${entry.acks} of ${entry.expected} instances within ${this.options.ackTimeoutMs} ms`);
      }
    } catch (error) {
      this.logger.warn(`cache invalidation of ${ns} not broadcast (${error instanceof Error ? error.message : String(error)}): other instances keep it until its local TTL`);
    } finally {
      clearTimeout(timer);
      this.waiting.delete(msg);
    }
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.subscribed = false;
    if (subscriber) subscriber.disconnect(false);
    await Promise.resolve();
  }

  private open(): void {
    const subscriber = this.client.duplicate({ enableOfflineQueue: true, connectionName: `${String(this.client.options.connectionName)}-cache-bus` });
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, text: string) => this.receive(text));
    subscriber.on('close', () => {
      if (this.subscribed) this.logger.warn('cache invalidation subscription lost: local caches are bypassed until it is back');
      this.subscribed = false;
    });
    subscriber.on('ready', () => void this.subscribe(subscriber));
  }

  private async subscribe(subscriber: Redis): Promise<void> {
    try {
      await subscriber.subscribe(this.channel, this.ackChannel(this.instanceId));
      for (const forget of this.handlers.values()) forget('all');
      this.subscribed = true;
    } catch (error) {
      this.logger.warn(`cache invalidation subscription failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private receive(text: string): void {
    let parsed: Partial<InvalidationMessage & AckMessage>;
    try {
      parsed = JSON.parse(text) as Partial<InvalidationMessage & AckMessage>;
    } catch {
      return;
    }
    if (typeof parsed.ack === 'string') {
      const entry = this.waiting.get(parsed.ack);
      if (entry && ++entry.acks >= entry.expected) entry.done();
      return;
    }
    if (typeof parsed.ns !== 'string' || !Array.isArray(parsed.ids) || typeof parsed.from !== 'string' || typeof parsed.msg !== 'string') return;
    this.handlers.get(parsed.ns)?.(parsed.ids);
    const ack: AckMessage = { ack: parsed.msg };
    this.client.publish(this.ackChannel(parsed.from), JSON.stringify(ack)).catch(() => undefined);
  }
}
