import { BaseServiceConfig, EnvVar, type ServiceName } from '@taskhub/platform-config';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/**
 * Configuration of the notification service: the runtime contract (defaults from SERVICE_CATALOG['notification'])
 * plus its own variables (docs/notifications.md). The defaults are the development ones.
 */
export class NotificationServiceConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'notification';

  static readonly defaults = {
    NOTIFICATION_GROUPING_WINDOW_SECONDS: String(5 * 60),
    NOTIFICATION_PURGE_READ_AFTER_DAYS: '30',
    NOTIFICATION_PURGE_INTERVAL_SECONDS: String(60 * 60),
    NOTIFICATION_PURGE_BATCH_SIZE: '1000',
    NOTIFICATION_STREAM_HEARTBEAT_SECONDS: '15',
    NOTIFICATION_STREAM_MAX_PER_USER: '5',
    NOTIFICATION_STREAM_RETRY_MS: '3000',
  };

  /** unread notifications about one task for one user, the first younger than this, are grouped into one (0: never) */
  @EnvVar('NOTIFICATION_GROUPING_WINDOW_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(24 * 3600)
  readonly groupingWindowSeconds!: number;

  /** read notifications older than this are deleted by the purge job */
  @EnvVar('NOTIFICATION_PURGE_READ_AFTER_DAYS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly purgeReadAfterDays!: number;

  /** how often the purge job runs (one instance at a time: a Postgres advisory lock) */
  @EnvVar('NOTIFICATION_PURGE_INTERVAL_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly purgeIntervalSeconds!: number;

  /** rows deleted per statement, so a large purge never holds long locks */
  @EnvVar('NOTIFICATION_PURGE_BATCH_SIZE')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  readonly purgeBatchSize!: number;

  /**
   * a `: ping` comment on every open stream this often, so proxies keep it open; at most 25 s, under the 30 s
   * read_timeout of the notification service in kong/kong.yml
   */
  @EnvVar('NOTIFICATION_STREAM_HEARTBEAT_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(25)
  readonly streamHeartbeatSeconds!: number;

  /** open streams of one user on one instance; the next one is refused with 429 */
  @EnvVar('NOTIFICATION_STREAM_MAX_PER_USER')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  readonly streamMaxPerUser!: number;

  /** the `retry:` hint of the stream: how long a client waits before reconnecting */
  @EnvVar('NOTIFICATION_STREAM_RETRY_MS')
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  readonly streamRetryMs!: number;
}
