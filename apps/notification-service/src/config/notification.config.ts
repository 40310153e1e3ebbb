import { EnvVar, IsUrlWithScheme, type ServiceName, ServiceWithWorkersConfig } from '@taskhub/platform-config';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { NotInProduction } from './not-in-production.validator';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Development defaults of the e-mail settings: a local mail catcher (docker-compose's mailpit) and a local web app. */
export const DEVELOPMENT_SMTP_URL = 'smtp://127.0.0.1:1025';
export const DEVELOPMENT_MAIL_FROM = 'taskhub@localhost.test';
export const DEVELOPMENT_PUBLIC_WEB_URL = 'http://localhost:8000';

/** The key webhook signing secrets are encrypted with in development and tests; public, so refused in production (by loadServiceConfig). */
export const DEVELOPMENT_WEBHOOK_SECRET_KEY = 'development-only-webhook-secret-key-never-for-production';

/**
 * Configuration of the notification service: the runtime contract (defaults from SERVICE_CATALOG['notification'])
 * plus its own variables (docs/notifications.md, docs/webhooks.md, docs/service-runtime.md). The defaults are the
 * development ones.
 */
export class NotificationServiceConfig extends ServiceWithWorkersConfig {
  static readonly service: ServiceName = 'notification';

  static readonly defaults = {
    NOTIFICATION_GROUPING_WINDOW_SECONDS: String(5 * 60),
    NOTIFICATION_PURGE_READ_AFTER_DAYS: '30',
    NOTIFICATION_PURGE_INTERVAL_SECONDS: String(60 * 60),
    NOTIFICATION_PURGE_BATCH_SIZE: '1000',
    SMTP_URL: DEVELOPMENT_SMTP_URL,
    MAIL_FROM: DEVELOPMENT_MAIL_FROM,
    PUBLIC_WEB_URL: DEVELOPMENT_PUBLIC_WEB_URL,
    EMAIL_POLL_INTERVAL_MS: '1000',
    EMAIL_BATCH_SIZE: '10',
    EMAIL_SMTP_TIMEOUT_MS: '10000',
    EMAIL_MAX_ATTEMPTS: '10',
    EMAIL_RETRY_BASE_MS: '5000',
    EMAIL_RETRY_MAX_MS: String(30 * 60_000),
    EMAIL_PARK_AFTER_MS: String(24 * 3600_000),
    EMAIL_BREAKER_RESET_MS: '30000',
    EMAIL_DIGEST_INTERVAL_MS: '60000',
    EMAIL_RETENTION_DAYS: '30',
    WEBHOOK_SECRET_ENCRYPTION_KEY: DEVELOPMENT_WEBHOOK_SECRET_KEY,
    WEBHOOK_SECRET_GRACE_SECONDS: String(24 * 3600),
    WEBHOOK_TIMEOUT_MS: '10000',
    WEBHOOK_MAX_RESPONSE_BYTES: '65536',
    WEBHOOK_RETRY_BASE_DELAY_MS: '60000',
    WEBHOOK_RETRY_MAX_DELAY_MS: String(4 * 3600 * 1000),
    WEBHOOK_MAX_ATTEMPTS: '16',
    WEBHOOK_SENDER_CONCURRENCY: '8',
    WEBHOOK_SENDER_PER_ENDPOINT_CONCURRENCY: '2',
    WEBHOOK_SENDER_POLL_MS: '1000',
    WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES: '5',
    WEBHOOK_ALLOW_LOOPBACK: 'false',
    NOTIFICATION_STREAM_HEARTBEAT_SECONDS: '15',
    NOTIFICATION_STREAM_MAX_PER_USER: '5',
    NOTIFICATION_STREAM_RETRY_MS: '3000',
  };

  /** `smtp://` or `smtps://`, credentials in the URL (`smtps://user:pass@host:465`) */
  @EnvVar('SMTP_URL', { sensitive: true })
  @IsUrlWithScheme(['smtp:', 'smtps:'])
  readonly smtpUrl!: string;

  @EnvVar('MAIL_FROM')
  @IsEmail({ require_tld: false })
  readonly mailFrom!: string;

  /** base of links in e-mails: `<PUBLIC_WEB_URL>/reset-password?token=…` */
  @EnvVar('PUBLIC_WEB_URL')
  @IsUrlWithScheme(['http:', 'https:'])
  readonly publicWebUrl!: string;

  /** how often the sender looks for due e-mails (it is also woken after each commit that queues one) */
  @EnvVar('EMAIL_POLL_INTERVAL_MS')
  @Type(() => Number)
  @IsInt()
  @Min(10)
  readonly emailPollIntervalMs!: number;

  /** e-mails one sender claims per round (held in one transaction while they are sent) */
  @EnvVar('EMAIL_BATCH_SIZE')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  readonly emailBatchSize!: number;

  /** connection, greeting and socket timeout of one SMTP exchange */
  @EnvVar('EMAIL_SMTP_TIMEOUT_MS')
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  readonly emailSmtpTimeoutMs!: number;

  /** failed sends before an e-mail is parked */
  @EnvVar('EMAIL_MAX_ATTEMPTS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly emailMaxAttempts!: number;

  /** first retry delay; doubles per attempt, with full jitter, up to EMAIL_RETRY_MAX_MS */
  @EnvVar('EMAIL_RETRY_BASE_MS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly emailRetryBaseMs!: number;

  @EnvVar('EMAIL_RETRY_MAX_MS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly emailRetryMaxMs!: number;

  /** an e-mail still failing this long after it was queued is parked whatever its attempts (a long outage) */
  @EnvVar('EMAIL_PARK_AFTER_MS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly emailParkAfterMs!: number;

  /** how long the circuit breaker stays open after SMTP failures before one trial send */
  @EnvVar('EMAIL_BREAKER_RESET_MS')
  @Type(() => Number)
  @IsInt()
  @Min(10)
  readonly emailBreakerResetMs!: number;

  /** the low-priority round: digests due and clean-up of old sent e-mails */
  @EnvVar('EMAIL_DIGEST_INTERVAL_MS')
  @Type(() => Number)
  @IsInt()
  @Min(10)
  readonly emailDigestIntervalMs!: number;

  /** sent e-mails are deleted this many days after sending */
  @EnvVar('EMAIL_RETENTION_DAYS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly emailRetentionDays!: number;

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

  /** AES-256-GCM key (SHA-256 of this value) the signing secrets are stored under: they must be usable to sign, so not hashed */
  @EnvVar('WEBHOOK_SECRET_ENCRYPTION_KEY', { sensitive: true })
  @IsString()
  @MinLength(32)
  readonly webhookSecretEncryptionKey!: string;

  /** after a rotation, the old secret still signs (a second v1 signature) this long */
  @EnvVar('WEBHOOK_SECRET_GRACE_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600)
  readonly webhookSecretGraceSeconds!: number;

  /** one delivery attempt, connection to the end of the response */
  @EnvVar('WEBHOOK_TIMEOUT_MS')
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  readonly webhookTimeoutMs!: number;

  /** what is read of a receiver's response body at most (the rest is discarded unread) */
  @EnvVar('WEBHOOK_MAX_RESPONSE_BYTES')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1024 * 1024)
  readonly webhookMaxResponseBytes!: number;

  /** the first retry's delay; each next one doubles, up to WEBHOOK_RETRY_MAX_DELAY_MS, with jitter (half of it random) */
  @EnvVar('WEBHOOK_RETRY_BASE_DELAY_MS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly webhookRetryBaseDelayMs!: number;

  @EnvVar('WEBHOOK_RETRY_MAX_DELAY_MS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly webhookRetryMaxDelayMs!: number;

  /** attempts of one delivery, the first included (defaults: 16, between 16 and 32 hours, about a day on average) */
  @EnvVar('WEBHOOK_MAX_ATTEMPTS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  readonly webhookMaxAttempts!: number;

  /** deliveries in flight at once per instance */
  @EnvVar('WEBHOOK_SENDER_CONCURRENCY')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  readonly webhookSenderConcurrency!: number;

  /** deliveries in flight at once per instance to one endpoint: a slow endpoint cannot take every sender slot */
  @EnvVar('WEBHOOK_SENDER_PER_ENDPOINT_CONCURRENCY')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  readonly webhookSenderPerEndpointConcurrency!: number;

  /** how often the sender looks for due deliveries (it is also woken when this instance schedules one) */
  @EnvVar('WEBHOOK_SENDER_POLL_MS')
  @Type(() => Number)
  @IsInt()
  @Min(10)
  readonly webhookSenderPollMs!: number;

  /** consecutive failed deliveries (retries exhausted, or refused with a 4xx) after which an endpoint is disabled */
  @EnvVar('WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly webhookDisableAfterFailedDeliveries!: number;

  /** TESTS ONLY: webhook URLs may resolve to loopback addresses; refused when NODE_ENV=production */
  @EnvVar('WEBHOOK_ALLOW_LOOPBACK')
  @Transform(toBoolean)
  @IsBoolean()
  @NotInProduction((value) => value === true, 'is a test-only setting (webhooks to loopback addresses); production refuses it')
  readonly webhookAllowLoopback!: boolean;

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

  /** open streams of one user over every instance (counted in Redis); the next one is refused with 429 */
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
