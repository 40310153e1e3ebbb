import { type BeforeApplicationShutdown, type DynamicModule, Global, Module, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { BaseServiceConfig } from '@taskhub/platform-config';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { DataSource } from 'typeorm';
import { AmqpConnection } from './amqp-connection';
import { type ServiceConsumerDefinition, ServiceConsumers } from './consumers/service-consumers';
import { outboxMetrics } from './outbox/outbox-metrics';
import { OutboxRelay } from './outbox/outbox-relay';

class AmqpLifecycle implements OnApplicationShutdown {
  constructor(private readonly connection: AmqpConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/** Starts the relay once the app is up; stops it (finishing its batch) before the connections close. */
class OutboxRelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

export interface MessagingModuleOptions {
  /** the service produces events: run the outbox relay (its tables come from CreateOutbox in its migrations) */
  readonly outbox?: boolean;
  /** the service consumes events: one idempotent consumer per queue (its inbox table comes from CreateInbox) */
  readonly consumers?: readonly ServiceConsumerDefinition[];
}

/**
 * One RabbitMQ connection per service (RABBITMQ_URL), started in the background, closed on shutdown; with
 * `outbox: true`, the relay that publishes the service's outbox, with its metrics; with `consumers`, its event
 * consumers (ServiceConsumers), with theirs.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [
      {
        provide: AmqpConnection,
        inject: [BaseServiceConfig],
        useFactory: (config: BaseServiceConfig): AmqpConnection => {
          const connection = new AmqpConnection({ url: config.rabbitmqUrl, connectionName: `${config.service}-service` });
          connection.start();
          return connection;
        },
      },
      { provide: AmqpLifecycle, inject: [AmqpConnection], useFactory: (c: AmqpConnection) => new AmqpLifecycle(c) },
    ];
    if (options.outbox) {
      providers.push(
        {
          provide: OutboxRelay,
          inject: [BaseServiceConfig, DataSource, AmqpConnection, ServiceMetrics],
          useFactory: (config: BaseServiceConfig, dataSource: DataSource, amqp: AmqpConnection, metrics: ServiceMetrics): OutboxRelay => {
            const relay: OutboxRelay = new OutboxRelay({ dataSource, databaseUrl: config.databaseUrl, amqp, events: outboxMetrics(metrics.registry, () => relay) });
            return relay;
          },
        },
        { provide: OutboxRelayLifecycle, inject: [OutboxRelay], useFactory: (r: OutboxRelay) => new OutboxRelayLifecycle(r) },
      );
    }
    const exports: Provider[] = [AmqpConnection, ...(options.outbox ? [OutboxRelay] : [])];
    if (options.consumers && options.consumers.length > 0) {
      const definitions = options.consumers;
      providers.push({
        provide: ServiceConsumers,
        inject: [ModuleRef, BaseServiceConfig, DataSource, AmqpConnection, ServiceMetrics],
        useFactory: (moduleRef: ModuleRef, config: BaseServiceConfig, dataSource: DataSource, amqp: AmqpConnection, metrics: ServiceMetrics) =>
          new ServiceConsumers(definitions, moduleRef, config, dataSource, amqp, metrics),
      });
      exports.push(ServiceConsumers);
    }
    return { module: MessagingModule, providers, exports };
  }
}
