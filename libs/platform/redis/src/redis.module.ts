import { type DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { BaseServiceConfig } from '@taskhub/platform-config';
import Redis from 'ioredis';
import { closeRedis, createRedisClient } from './redis-client';

/** Injection token of the service's ioredis client: `@Inject(REDIS_CLIENT) redis: Redis`. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly client: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.client);
  }
}

/** One Redis client per service (REDIS_URL, REDIS_KEY_PREFIX), closed on shutdown. Needs `BaseServiceConfig` globally. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS_CLIENT,
          inject: [BaseServiceConfig],
          useFactory: (config: BaseServiceConfig): Redis =>
            createRedisClient({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix, connectionName: `${config.service}-service` }),
        },
        RedisLifecycle,
      ],
      exports: [REDIS_CLIENT],
    };
  }
}
