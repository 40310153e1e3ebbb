import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { type ModuleRef } from '@nestjs/core';
import { type BaseServiceConfig } from '@taskhub/platform-config';
import { type ServiceMetrics } from '@taskhub/platform-metrics';
import { type DataSource } from 'typeorm';
import { type AmqpConnection } from '../amqp-connection';
import { eventHandlers } from '../handlers/event-handlers';
import { consumerMetrics } from '../inbox/consumer-metrics';
import { EventConsumer } from '../inbox/event-consumer';
import { type QueueType } from '../topology';

/** One consumer queue of a service: `PlatformModule.forRoot({ consumers: [...] })`. */
export interface ServiceConsumerDefinition {
  /** `<consumer>.<purpose>`, e.g. `user.profiles` */
  readonly queue: string;
  /**
   * a provider of the service (declared in any of its modules) whose `@HandleEvent` methods apply the events of the
   * queue: the queue is bound to their contracts' routing keys
   */
  readonly handler: Type<object>;
  readonly prefetch?: number;
  readonly retryDelaysMs?: readonly number[];
  readonly queueType?: QueueType;
}

/**
 * The event consumers of a service: built once the app is up (each handler provider resolved from wherever the
 * service declared it, its `@HandleEvent` methods giving the queue's bindings, contracts and handlers), started, and
 * stopped before the connections close: on SIGTERM each stops taking messages, finishes and acknowledges what it holds
 * (within SHUTDOWN_TIMEOUT_MS less a margin), then closes its channel.
 */
export class ServiceConsumers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ServiceConsumers.name);
  private readonly consumers: EventConsumer[] = [];

  constructor(
    private readonly definitions: readonly ServiceConsumerDefinition[],
    private readonly moduleRef: ModuleRef,
    private readonly config: BaseServiceConfig,
    private readonly dataSource: DataSource,
    private readonly amqp: AmqpConnection,
    private readonly metrics: ServiceMetrics,
  ) {}

  onApplicationBootstrap(): void {
    // every handler class checked before any consumer starts: one without handlers fails the start, naming it
    const consumers = this.definitions.map(
      (definition) =>
        new EventConsumer({
          dataSource: this.dataSource,
          amqp: this.amqp,
          queue: { queue: definition.queue, retryDelaysMs: definition.retryDelaysMs, queueType: definition.queueType },
          handlers: eventHandlers(this.moduleRef.get(definition.handler, { strict: false })),
          prefetch: definition.prefetch,
          events: consumerMetrics(this.metrics.registry, definition.queue),
        }),
    );
    for (const consumer of consumers) consumer.start();
    this.consumers.push(...consumers);
    if (this.consumers.length > 0) this.logger.log(`consuming ${this.consumers.map((c) => c.queueName).join(', ')}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const graceMs = Math.max(1_000, this.config.shutdownTimeoutMs - 2_000);
    await Promise.all(this.consumers.map((c) => c.stop(graceMs)));
  }

  /** Each queue and whether it is subscribed right now (for /health). */
  status(): { queue: string; consuming: boolean }[] {
    return this.consumers.map((c) => ({ queue: c.queueName, consuming: c.consuming }));
  }
}
