import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { type ModuleRef } from '@nestjs/core';
import { type BaseServiceConfig, processRoleOf } from '@taskhub/platform-config';
import { type ServiceMetrics } from '@taskhub/platform-metrics';
import { type DataSource } from 'typeorm';
import { type AmqpConnection } from '../amqp-connection';
import { eventHandlers } from '../handlers/event-handlers';
import { consumerMetrics } from '../inbox/consumer-metrics';
import { EventConsumer } from '../inbox/event-consumer';
import { type QueueType } from '../topology';
import { declareQueuesOnConnect } from './declared-queues';

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
  /**
   * transactions of the queue applied at once (EventConsumerOptions.maxConcurrentBatches, default 2); 1 for a queue
   * whose handlers lock rows and users in event order, so that two of its batches never wait for each other's locks
   */
  readonly maxConcurrentBatches?: number;
  readonly retryDelaysMs?: readonly number[];
  readonly queueType?: QueueType;
  /**
   * a worker queue (docs/deployment.md, "Queue-driven autoscaling"): consumed by PROCESS_ROLE=worker and =all
   * processes; an =api process only declares it (so nothing published to it is lost while no worker runs)
   */
  readonly worker?: boolean;
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
    const role = processRoleOf(this.config);
    const consumed = this.definitions.filter((d) => (role === 'all' ? true : role === 'worker' ? d.worker === true : d.worker !== true));
    const declaredOnly = role === 'api' ? this.definitions.filter((d) => d.worker === true) : [];
    // every handler class checked before any consumer starts: one without handlers fails the start, naming it
    const consumers = consumed.map(
      (definition) =>
        new EventConsumer({
          dataSource: this.dataSource,
          amqp: this.amqp,
          queue: { queue: definition.queue, retryDelaysMs: definition.retryDelaysMs, queueType: definition.queueType },
          handlers: eventHandlers(this.moduleRef.get(definition.handler, { strict: false })),
          prefetch: definition.prefetch,
          maxConcurrentBatches: definition.maxConcurrentBatches,
          events: consumerMetrics(this.metrics.registry, definition.queue),
        }),
    );
    const specs = declaredOnly.map((d) => ({
      queue: d.queue,
      retryDelaysMs: d.retryDelaysMs,
      queueType: d.queueType,
      routingKeys: eventHandlers(this.moduleRef.get(d.handler, { strict: false })).routingKeys,
    }));
    for (const consumer of consumers) consumer.start();
    this.consumers.push(...consumers);
    declareQueuesOnConnect(this.amqp, specs);
    const inRole = role === 'all' ? '' : ` (PROCESS_ROLE=${role})`;
    if (this.consumers.length > 0) this.logger.log(`consuming ${this.consumers.map((c) => c.queueName).join(', ')}${inRole}`);
    if (specs.length > 0) this.logger.log(`declaring without consuming ${specs.map((s) => s.queue).join(', ')}${inRole}: the workers consume them`);
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
