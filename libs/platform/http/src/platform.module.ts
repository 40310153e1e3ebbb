import { type DynamicModule, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AuthModule } from '@taskhub/platform-auth';
import { CacheModule } from '@taskhub/platform-cache';
import { DatabaseModule, poolStats, type ServiceDatabaseDefinition } from '@taskhub/platform-database';
import { HealthModule } from '@taskhub/platform-health';
import { MessagingModule, type ServiceConsumerDefinition } from '@taskhub/platform-messaging';
import { MetricsController, ServiceMetrics } from '@taskhub/platform-metrics';
import { RedisModule } from '@taskhub/platform-redis';
import { flushTracing } from '@taskhub/platform-tracing';
import { DataSource } from 'typeorm';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { PaginationModule } from './pagination/pagination.module';

@Injectable()
class PoolMetricsBinding implements OnModuleInit {
  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.metrics.setPoolStatsSource(() => poolStats(this.dataSource));
  }
}

/** When the app closes (also without GracefulShutdown, as in tests), the spans still buffered are exported. */
@Injectable()
class TracingFlush implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}

export interface PlatformModuleOptions {
  /** the service's migrations (and later entities) */
  readonly database: ServiceDatabaseDefinition;
  /** the service produces events: run its outbox relay (list CreateOutbox1795500000000 and DropOutboxNotifyTrigger1796151356792 in its migrations) */
  readonly outbox?: boolean;
  /** the service consumes events: its queues and handler providers (list CreateInbox1795500000001 in its migrations) */
  readonly consumers?: readonly ServiceConsumerDefinition[];
}

/**
 * Everything a service gets from the platform: its database, Redis clients, cache (`CacheStore`), RabbitMQ connection,
 * authentication of every /api/v1 route (AuthModule: `@Public()` opts out), health endpoints, /metrics and the signed
 * cursors of paged lists (PageCursors), Idempotency-Key on `@Idempotent()` routes. Import it once in the service's AppModule; `createServiceApp` provides config,
 * logger and metrics.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        DatabaseModule.forRoot(options.database),
        RedisModule.forRoot(),
        CacheModule,
        MessagingModule.forRoot({ outbox: options.outbox, consumers: options.consumers }),
        AuthModule.forRoot(),
        HealthModule,
        PaginationModule,
        IdempotencyModule,
      ],
      controllers: [MetricsController],
      providers: [PoolMetricsBinding, TracingFlush],
    };
  }
}
