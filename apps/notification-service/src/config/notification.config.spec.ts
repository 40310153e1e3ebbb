import { ConfigValidationError, loadServiceConfig } from '@taskhub/platform-config';
import { DEVELOPMENT_WEBHOOK_SECRET_KEY, NotificationServiceConfig } from './notification.config';

const PRODUCTION = { NODE_ENV: 'production', WEBHOOK_SECRET_ENCRYPTION_KEY: 'k'.repeat(40) };

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

  it('should refuse the development secret encryption key in production, without echoing it', () => {
    expect(problems({ NODE_ENV: 'production', WEBHOOK_SECRET_ENCRYPTION_KEY: DEVELOPMENT_WEBHOOK_SECRET_KEY })).toEqual([
      'WEBHOOK_SECRET_ENCRYPTION_KEY is the development default: production needs a key of its own (32+ random characters)',
    ]);
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
