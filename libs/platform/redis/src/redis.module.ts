import { type DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { BaseServiceConfig } from '@taskhub/platform-config';
import Redis from 'ioredis';
import { closeRedis, createRedisClient } from './redis-client';

/** Injection token of the service's ioredis client: `@Inject(REDIS_CLIENT) redis: Redis`. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
/** The client for keys every service shares (REDIS_SHARED_KEY_PREFIX), e.g. session revocations. */
export const SHARED_REDIS_CLIENT = Symbol('SHARED_REDIS_CLIENT');

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CLIENT) private readonly client: Redis,
    @Inject(SHARED_REDIS_CLIENT) private readonly shared: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([closeRedis(this.client), closeRedis(this.shared)]);
  }
}

/**
 * The service's Redis clients (REDIS_URL), closed on shutdown: its own keys under REDIS_KEY_PREFIX, and the keys all
 * services share under REDIS_SHARED_KEY_PREFIX. Needs `BaseServiceConfig` globally.
 */
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
        {
          provide: SHARED_REDIS_CLIENT,
          inject: [BaseServiceConfig],
          useFactory: (config: BaseServiceConfig): Redis =>
            createRedisClient({ url: config.redisUrl, keyPrefix: config.redisSharedKeyPrefix, connectionName: `${config.service}-service-shared` }),
        },
        RedisLifecycle,
      ],
      exports: [REDIS_CLIENT, SHARED_REDIS_CLIENT],
    };
  }
}
