import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyRecorder } from './idempotency-recorder';
import { IdempotencyStore } from './idempotency-store';

/** Idempotency-Key for `@Idempotent()` routes: the global interceptor and its Redis store. Needs RedisModule. */
@Module({
  providers: [IdempotencyStore, IdempotencyRecorder, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class IdempotencyModule {}
