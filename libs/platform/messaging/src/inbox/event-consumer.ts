import { Logger } from '@nestjs/common';
import { type Link } from '@opentelemetry/api';
import { ContractViolation, type ParsedEvent } from '@taskhub/contracts';
import { type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { type DataSource } from 'typeorm';
import { type AmqpConnection } from '../amqp-connection';
import { type EventHandler, type EventHandlerSet } from '../handlers/event-handlers';
import { type ConsumerQueueNames, type ConsumerQueueSpec, DEFAULT_RETRY_DELAYS_MS, declareConsumerTopology, jitteredDelayMs, RETRY_EXCHANGE } from '../topology';
import { AckTracker } from './ack-tracker';
import { DeliveryBatcher } from './delivery-batcher';
import { EventApplication, inBatchSpan } from './event-application';
import {
  attemptOf,
  errorSummary,
  HEADER_ATTEMPT,
  HEADER_DEAD_AT,
  HEADER_DEAD_REASON,
  HEADER_LAST_ERROR,
  HEADER_ORIGINAL_ROUTING_KEY,
} from './message-headers';

export interface EventConsumerOptions {
  readonly dataSource: DataSource;
  readonly amqp: AmqpConnection;
  /** queue `<consumer>.<purpose>`, its retry tiers and queue type; it is bound to the routing keys of `handlers` */
  readonly queue: Omit<ConsumerQueueSpec, 'routingKeys'>;
  /** `eventHandlers(instance)` of a class with `@HandleEvent` methods: the contracts it accepts, a handler for each */
  readonly handlers: EventHandlerSet;
  /** unacknowledged deliveries at a time (finite: the broker never floods a slow consumer); default 20 */
  readonly prefetch?: number;
  /**
   * Deliveries applied together in one transaction (group commit), default the prefetch: the inbox rows of the batch
   * in one statement, the handlers one after another, one commit. If a handler fails, the batch is rolled back and
   * each of its deliveries is applied again on its own, so only the failing one is retried. 1 turns batching off.
   */
  readonly batchSize?: number;
  /**
   * Transactions applied at once at most, default 2: what arrives while they run waits for one of them and goes in
   * the next batch (an idle consumer still applies a delivery at once).
   */
  readonly maxConcurrentBatches?: number;
  readonly events?: EventConsumerEvents;
}

/** Counters for metrics. */
export interface EventConsumerEvents {
  consumed?(routingKey: string, durationMs: number): void;
  duplicate?(routingKey: string): void;
  retried?(routingKey: string, attempt: number): void;
  deadLettered?(routingKey: string, reason: string): void;
  /** a group commit of `size` deliveries succeeded */
  batchCommitted?(size: number): void;
  /** a group commit of `size` deliveries failed and was rolled back (a handler's error, a deadlock): each is applied again on its own */
  batchRolledBack?(size: number): void;
}

type Outcome = 'applied' | 'duplicate';

interface Delivery {
  readonly channel: ConfirmChannel;
  readonly message: ConsumeMessage;
  /** the channel's acks */
  readonly acks: AckTracker;
}

interface ValidDelivery extends Delivery {
  readonly parsed: ParsedEvent;
  readonly handler: EventHandler;
}

/**
 * An idempotent consumer: each delivery is validated against its contract, then applied in one transaction with
 * its inbox row `(event id, consumer)`; a duplicate finds the row and is acknowledged without being applied again.
 * Acks are manual and sent after the commit. A failing handler's message goes to the next retry tier (its delay
 * with jitter) and, after the last, to the parking lot `<queue>.dead` with the reason and attempt count in its
 * headers; a message that breaks its contract is parked at once. Retries and parking are published with confirms
 * before the original is acknowledged, so a crash in between redelivers rather than loses.
 */
export class EventConsumer {
  private readonly logger: Logger;
  private readonly spec: ConsumerQueueSpec;
  private readonly names: ConsumerQueueNames;
  private readonly delays: readonly number[];
  private channel: ConfirmChannel | undefined;
  private consumerTag: string | undefined;
  private running = false;
  private readonly batcher: DeliveryBatcher<Delivery>;

  constructor(private readonly options: EventConsumerOptions) {
    this.logger = new Logger(`EventConsumer ${options.queue.queue}`);
    this.delays = options.queue.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.names = { main: options.queue.queue, retries: [], dead: `${options.queue.queue}.dead` };
    this.spec = { ...options.queue, routingKeys: options.handlers.routingKeys };
    this.batcher = new DeliveryBatcher({
      batchSize: Math.max(1, options.batchSize ?? options.prefetch ?? 20),
      maxInFlight: Math.max(1, options.maxConcurrentBatches ?? 2),
      apply: (deliveries) =>
        this.handleBatch(deliveries).catch((error: unknown) =>
          // only a broken channel gets here: the messages are not acked and the broker redelivers them
          this.logger.warn(`deliveries left unacknowledged: ${errorSummary(error)}`),
        ),
    });
  }

  get queueName(): string {
    return this.names.main;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.options.amqp.onConnected((connection) => this.subscribe(connection));
  }

  /** True while subscribed to its queue (from the broker's consume-ok to its cancel-ok when stopping). */
  get consuming(): boolean {
    return this.consumerTag !== undefined && this.channel !== undefined;
  }

  /**
   * Stops taking messages, finishes and acknowledges what it holds, then closes its channel. A handler still running
   * after `graceMs` is abandoned: its message is not acknowledged, and the broker redelivers it to another consumer.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    const channel = this.channel;
    const tag = this.consumerTag;
    if (channel && tag) await channel.cancel(tag).catch(() => undefined);
    this.consumerTag = undefined; // after cancel-ok: nothing more is delivered
    // what was delivered before the cancel-ok, and what is being applied
    await Promise.race([this.batcher.idle(), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    this.channel = undefined;
    if (channel) await Promise.race([channel.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
  }

  private async subscribe(connection: ChannelModel): Promise<void> {
    if (!this.running) return;
    const channel = await connection.createConfirmChannel();
    channel.on('error', (error: Error) => this.logger.warn(`channel error: ${error.message}`));
    channel.on('close', () => {
      if (this.channel === channel) this.channel = undefined;
    });
    const names = await declareConsumerTopology(channel, this.spec);
    Object.assign(this.names, names);
    await channel.prefetch(this.options.prefetch ?? 20);
    this.channel = channel;
    const acks = new AckTracker(channel);
    const { consumerTag } = await channel.consume(names.main, (message) => {
      if (message === null) return; // cancelled by the broker (queue deleted)
      acks.delivered(message);
      this.batcher.add({ channel, message, acks });
    });
    this.consumerTag = consumerTag;
  }

  private async handleBatch(deliveries: readonly Delivery[]): Promise<void> {
    const valid: ValidDelivery[] = [];
    for (const delivery of deliveries) {
      const checked = await this.validate(delivery);
      if (checked) valid.push(checked);
    }
    if (valid.length === 0) return;
    if (valid.length === 1 || new Set(valid.map((v) => v.channel)).size > 1) {
      for (const delivery of valid) await this.handleOne(delivery);
      return;
    }
    const started = performance.now();
    let outcomes: Outcome[];
    try {
      outcomes = await inBatchSpan(
        valid.map((v) => v.parsed),
        this.names.main,
        (links) => this.applyBatch(valid, links),
      );
    } catch {
      // one of them failed: apply each on its own, so only the failing one is retried
      this.options.events?.batchRolledBack?.(valid.length);
      for (const delivery of valid) await this.handleOne(delivery);
      return;
    }
    this.options.events?.batchCommitted?.(valid.length);
    const perEvent = (performance.now() - started) / valid.length;
    valid[0].acks.ack(valid.map((d) => d.message));
    valid.forEach((delivery, i) => this.settled(delivery, outcomes[i], perEvent));
  }

  /** The delivery with its contract and handler, or undefined once it has been parked. */
  private async validate(delivery: Delivery): Promise<ValidDelivery | undefined> {
    let parsed: ParsedEvent;
    try {
      parsed = this.options.handlers.registry.parse(delivery.message.content);
    } catch (error) {
      const reason = error instanceof ContractViolation ? `contract violation: ${error.message}` : errorSummary(error);
      await this.park(delivery, reason);
      return undefined;
    }
    const handler = this.options.handlers.handlers.get(parsed.contract.routingKey);
    if (handler === undefined) {
      await this.park(delivery, `no handler for ${parsed.contract.routingKey} in ${this.names.main}`);
      return undefined;
    }
    return { ...delivery, parsed, handler };
  }

  private applyBatch(batch: readonly ValidDelivery[], links: readonly Link[]): Promise<Outcome[]> {
    return this.options.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<{ event_id: string }[]>(
        `INSERT INTO inbox_event (event_id, consumer, routing_key)
         SELECT id, $1, key FROM unnest($2::uuid[], $3::text[]) AS t(id, key)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.names.main, batch.map((d) => d.parsed.envelope.id), batch.map((d) => d.parsed.contract.routingKey)],
      );
      const fresh = new Set(inserted.map((r) => r.event_id));
      const outcomes: Outcome[] = [];
      for (const { parsed, handler } of batch) {
        // the same event twice in one batch: the first applies it, the second is a duplicate
        if (!fresh.delete(parsed.envelope.id)) {
          outcomes.push('duplicate');
          continue;
        }
        await new EventApplication(parsed, this.names.main, links).run(() => handler(parsed.envelope, manager));
        outcomes.push('applied');
      }
      return outcomes;
    });
  }

  /** What follows the ack of an applied or duplicate delivery. */
  private settled(delivery: ValidDelivery, outcome: Outcome, durationMs: number): void {
    const { envelope, contract } = delivery.parsed;
    if (outcome === 'duplicate') {
      this.options.events?.duplicate?.(contract.routingKey);
      this.logger.debug(`event ${envelope.id} (${contract.routingKey}) already applied: acknowledged without applying it again`);
    } else {
      this.options.events?.consumed?.(contract.routingKey, durationMs);
    }
  }

  /** One delivery in its own transaction; a failure sends it to the next retry tier or the parking lot. */
  private async handleOne(delivery: ValidDelivery): Promise<void> {
    const { parsed, handler } = delivery;
    const started = performance.now();
    const application = new EventApplication(parsed, this.names.main);
    let outcome: Outcome;
    try {
      outcome = await application.run(() => this.apply(parsed, handler));
    } catch (error) {
      return application.inContext(() => this.retryOrPark(delivery, error));
    }
    delivery.acks.ack([delivery.message]);
    this.settled(delivery, outcome, performance.now() - started);
  }

  private apply(parsed: ParsedEvent, handler: EventHandler): Promise<Outcome> {
    return this.options.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO inbox_event (event_id, consumer, routing_key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
        [parsed.envelope.id, this.names.main, parsed.contract.routingKey],
      );
      if (inserted.length === 0) return 'duplicate';
      await handler(parsed.envelope, manager);
      return 'applied';
    });
  }

  private async retryOrPark(delivery: Delivery, error: unknown): Promise<void> {
    const { channel, message } = delivery;
    const attempt = attemptOf(message.properties.headers);
    const summary = errorSummary(error);
    if (attempt > this.delays.length) {
      return this.park(delivery, `handler failed ${attempt} times; last: ${summary}`);
    }
    const tier = this.names.retries[attempt - 1];
    const delay = jitteredDelayMs(this.delays[attempt - 1]);
    this.logger.warn(`event ${String(message.properties.messageId)} failed on attempt ${attempt} (${summary}); retrying in ${delay} ms`);
    await this.republish(channel, message, tier, { [HEADER_ATTEMPT]: attempt + 1, [HEADER_LAST_ERROR]: summary }, String(delay));
    delivery.acks.ack([message]);
    this.options.events?.retried?.(message.fields.routingKey, attempt);
  }

  private async park(delivery: Delivery, reason: string): Promise<void> {
    const { channel, message } = delivery;
    const attempt = attemptOf(message.properties.headers);
    this.logger.error(`message ${String(message.properties.messageId ?? '(no id)')} (${message.fields.routingKey}) parked in ${this.names.dead}: ${reason}`);
    await this.republish(channel, message, this.names.dead, {
      [HEADER_ATTEMPT]: attempt,
      [HEADER_DEAD_REASON]: reason,
      [HEADER_DEAD_AT]: new Date().toISOString(),
    });
    delivery.acks.ack([message]);
    this.options.events?.deadLettered?.(message.fields.routingKey, reason);
  }

  /** Publishes a copy to one of its own queues (through `taskhub.retry`, bound by queue name) and waits for the broker's confirm. */
  private republish(channel: ConfirmChannel, message: ConsumeMessage, queue: string, headers: Record<string, unknown>, expiration?: string): Promise<void> {
    const { 'x-death': _death, ...kept } = (message.properties.headers ?? {}) as Record<string, unknown>; // the broker's, rewritten on each dead-lettering
    const original = kept[HEADER_ORIGINAL_ROUTING_KEY];
    const routingKey = typeof original === 'string' ? original : message.fields.routingKey;
    return new Promise<void>((resolve, reject) => {
      channel.publish(
        RETRY_EXCHANGE,
        queue,
        message.content,
        {
          ...message.properties,
          persistent: true,
          expiration,
          headers: { ...kept, [HEADER_ORIGINAL_ROUTING_KEY]: routingKey, ...headers },
        },
        (error: unknown) => (error ? reject(error instanceof Error ? error : new Error(`the broker did not confirm the copy to ${queue}`)) : resolve()),
      );
    });
  }
}
