import { Inject, Injectable, Logger } from '@nestjs/common';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { type Redis, REDIS_CLIENT } from '@taskhub/platform-redis';
import { Counter } from 'prom-client';
import { NotificationServiceConfig } from '../config/notification.config';
import { type RecordedNotification } from './notification';

/**
 * The Redis channel of a user's live notifications (the stream of every instance holding a connection of the user
 * subscribes to it). ioredis's `keyPrefix` does not apply to pub/sub channels, so the service's REDIS_KEY_PREFIX is
 * prepended here, by publisher and subscriber alike: deployments and test runs sharing one Redis never cross.
 */
export function userChannel(redisKeyPrefix: string, userId: string): string {
  return `${redisKeyPrefix}notifications:user:${userId}`;
}

/**
 * Announces committed notifications on Redis pub/sub: `{ userId, seq, notificationId }` on
 * `<REDIS_KEY_PREFIX>notifications:user:<id>`,
 * for the live stream of whichever instance holds the user's connection. Best effort: with Redis down the
 * notification is still in the table (a stream resuming from its Last-Event-ID reads it there), so a failure is
 * logged and counted, never thrown into the consumer.
 */
@Injectable()
export class NotificationFeed {
  private readonly logger = new Logger(NotificationFeed.name);
  private readonly failures: Counter;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    metrics: ServiceMetrics,
    private readonly config: NotificationServiceConfig,
  ) {
    this.failures = new Counter({
      name: 'notification_feed_publish_failures_total',
      help: 'Notifications committed but not announced on Redis pub/sub (Redis unavailable)',
      registers: [metrics.registry],
    });
  }

  async publish(recorded: readonly RecordedNotification[]): Promise<void> {
    await Promise.all(
      recorded.map(async ({ userId, seq, notificationId }) => {
        try {
          await this.redis.publish(userChannel(this.config.redisKeyPrefix, userId), JSON.stringify({ userId, seq, notificationId }));
        } catch (error) {
          this.failures.inc();
          this.logger.warn(`notification ${notificationId} not announced on Redis: ${(error as Error).message}`);
        }
      }),
    );
  }
}
