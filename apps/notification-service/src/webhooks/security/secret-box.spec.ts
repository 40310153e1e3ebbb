import { loadServiceConfig } from '@taskhub/platform-config';
import { NotificationServiceConfig } from '../../config/notification.config';
import { SecretBox } from './secret-box';

const box = (key?: string) => new SecretBox(loadServiceConfig(NotificationServiceConfig, key ? { WEBHOOK_SECRET_ENCRYPTION_KEY: key } : {}));

describe(SecretBox.name, () => {
  it('should give back the secret it sealed, and never store it in the clear', () => {
    const sealed = box().seal('whsec_abc', 'webhook-1');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('whsec_abc');
    expect(box().open(sealed, 'webhook-1')).toBe('whsec_abc');
  });

  it('should refuse a sealed secret moved to another webhook, or opened with another key', () => {
    const sealed = box().seal('whsec_abc', 'webhook-1');
    expect(() => box().open(sealed, 'webhook-2')).toThrow();
    expect(() => box('another-key-of-at-least-thirty-two-chars').open(sealed, 'webhook-1')).toThrow();
  });
});
