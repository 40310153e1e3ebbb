import { Global, Module } from '@nestjs/common';
import { BaseServiceConfig } from '@taskhub/platform-config';
import { CACHE_STORE_OPTIONS, CacheStore, type CacheStoreOptions } from './cache-store';

/** The service's CacheStore, global. Needs `BaseServiceConfig`, `ServiceMetrics` and RedisModule's client. */
@Global()
@Module({
  providers: [
    {
      provide: CACHE_STORE_OPTIONS,
      inject: [BaseServiceConfig],
      useFactory: (config: BaseServiceConfig): CacheStoreOptions => ({ redisTimeoutMs: config.cacheRedisTimeoutMs }),
    },
    CacheStore,
  ],
  exports: [CacheStore],
})
export class CacheModule {}
