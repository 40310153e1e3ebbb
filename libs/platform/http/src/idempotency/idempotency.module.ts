import { Global, Module } from '@nestjs/common';
import { IdempotencyMetrics } from './idempotency-metrics';
import { IdempotencyRecorder } from './idempotency-recorder';
import { IdempotencyStore } from './idempotency-store';

/**
 * Idempotency-Key for `@Idempotent()` routes: the Redis store, the recorder and the metrics that the routes'
 * IdempotencyInterceptor (put on them by the decorator, instantiated in their modules) needs, hence global. Needs
 * RedisModule.
 */
@Global()
@Module({
  providers: [IdempotencyStore, IdempotencyRecorder, IdempotencyMetrics],
  exports: [IdempotencyStore, IdempotencyRecorder, IdempotencyMetrics],
})
export class IdempotencyModule {}
