import { type DynamicModule, Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { BaseServiceConfig } from '@taskhub/platform-config';
import { AmqpConnection } from './amqp-connection';

class AmqpLifecycle implements OnApplicationShutdown {
  constructor(private readonly connection: AmqpConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/** One RabbitMQ connection per service (RABBITMQ_URL), started in the background, closed on shutdown. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
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
      ],
      exports: [AmqpConnection],
    };
  }
}
