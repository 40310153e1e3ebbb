import { ConfigValidationError, loadServiceConfig } from '@taskhub/platform-config';
import { DEVELOPMENT_WEBHOOK_SECRET_KEY, NotificationServiceConfig } from './notification.config';

/** Credentials of its own for every secret: what a production deployment sets. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://taskhub_notification:Zq8v1rN4sYx0@db.internal:5432/taskhub_notification',
  RABBITMQ_URL: 'amqp://notification-service:Kp2m9Lw7cQe3@mq.internal:5672/',
  REDIS_URL: 'redis://taskhub_notification:Hw3x7Rt1pLq9@redis.internal:6379',
  CURSOR_SIGNING_SECRET: 'a-production-cursor-secret-Vb5n8Hj2Tf6r',
  WEBHOOK_SECRET_ENCRYPTION_KEY: 'k'.repeat(40),
};

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadServiceConfig(NotificationServiceConfig, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

describe(NotificationServiceConfig.name, () => {
  it('should refuse WEBHOOK_ALLOW_LOOPBACK=true in production', () => {
    expect(problems({ ...PRODUCTION, WEBHOOK_ALLOW_LOOPBACK: 'true' })).toEqual([
      'WEBHOOK_ALLOW_LOOPBACK is a test-only setting (webhooks to loopback addresses); production refuses it (got "true")',
    ]);
  });

  it('should allow WEBHOOK_ALLOW_LOOPBACK=true in test and development, and default it to false', () => {
    expect(loadServiceConfig(NotificationServiceConfig, { NODE_ENV: 'test', WEBHOOK_ALLOW_LOOPBACK: 'true' }).webhookAllowLoopback).toBe(true);
    expect(loadServiceConfig(NotificationServiceConfig, { NODE_ENV: 'development' }).webhookAllowLoopback).toBe(false);
    expect(loadServiceConfig(NotificationServiceConfig, PRODUCTION).webhookAllowLoopback).toBe(false);
  });

  it('should refuse the development secret encryption key in production, set or not, without echoing it', () => {
    const refused = 'a development secret published in this repository, refused with NODE_ENV=production: set a random secret of its own';
    const { WEBHOOK_SECRET_ENCRYPTION_KEY: _key, ...withoutKey } = PRODUCTION;

    expect(problems({ ...PRODUCTION, WEBHOOK_SECRET_ENCRYPTION_KEY: DEVELOPMENT_WEBHOOK_SECRET_KEY })).toEqual([`WEBHOOK_SECRET_ENCRYPTION_KEY is ${refused}`]);
    expect(problems(withoutKey)).toEqual([`WEBHOOK_SECRET_ENCRYPTION_KEY is not set: its development default is ${refused}`]);
  });

  it('should default the retry schedule to 16 attempts from 1 minute, doubling up to 4 hours', () => {
    const config = loadServiceConfig(NotificationServiceConfig, {});
    expect([config.webhookMaxAttempts, config.webhookRetryBaseDelayMs, config.webhookRetryMaxDelayMs]).toEqual([16, 60_000, 14_400_000]);
  });

  it('should cap the deliveries in flight to one endpoint at 2 of the 8 sender slots by default', () => {
    const config = loadServiceConfig(NotificationServiceConfig, {});
    expect([config.webhookSenderConcurrency, config.webhookSenderPerEndpointConcurrency]).toEqual([8, 2]);
    expect(problems({ WEBHOOK_SENDER_PER_ENDPOINT_CONCURRENCY: '0' })).toHaveLength(1);
  });
});
