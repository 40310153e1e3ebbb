import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { type ModuleRef } from '@nestjs/core';
import { type EventContract, EventRegistry } from '@taskhub/contracts';
import { type BaseServiceConfig } from '@taskhub/platform-config';
import { type ServiceMetrics } from '@taskhub/platform-metrics';
import { type DataSource } from 'typeorm';
import { type AmqpConnection } from '../amqp-connection';
import { consumerMetrics } from '../inbox/consumer-metrics';
import { EventConsumer, type EventHandler } from '../inbox/event-consumer';
import { type QueueType } from '../topology';

/** A provider of the service (declared in any of its modules) that applies the events of one queue. */
export interface EventHandlers {
  /** by routing key; each runs inside the transaction that also records the event in the inbox */
  readonly handlers: Readonly<Record<string, EventHandler>>;
}

/** One consumer queue of a service: `PlatformModule.forRoot({ consumers: [...] })`. */
export interface ServiceConsumerDefinition {
  /** `<consumer>.<purpose>`, e.g. `user.profiles` */
  readonly queue: string;
  /** the events it takes; `handler` must have a handler for each routing key */
  readonly contracts: readonly EventContract[];
  readonly handler: Type<EventHandlers>;
  readonly prefetch?: number;
  readonly retryDelaysMs?: readonly number[];
  readonly queueType?: QueueType;
}

/**
 * The event consumers of a service: built once the app is up (each handler provider resolved from wherever the
 * service declared it), started, and stopped before the connections close: on SIGTERM each stops taking messages,
 * finishes and acknowledges what it holds (within SHUTDOWN_TIMEOUT_MS less a margin), then closes its channel.
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
    for (const definition of this.definitions) {
      const { handlers } = this.moduleRef.get(definition.handler, { strict: false });
      const consumer = new EventConsumer({
        dataSource: this.dataSource,
        amqp: this.amqp,
        registry: new EventRegistry(definition.contracts),
        queue: {
          queue: definition.queue,
          routingKeys: definition.contracts.map((c) => c.routingKey),
          retryDelaysMs: definition.retryDelaysMs,
          queueType: definition.queueType,
        },
        handlers,
        prefetch: definition.prefetch,
        events: consumerMetrics(this.metrics.registry, definition.queue),
      });
      consumer.start();
      this.consumers.push(consumer);
    }
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
