import { createHmac } from 'node:crypto';
import { deliveryHeaders, generateWebhookSecret, signatureHeader } from './webhook-signature';

describe(signatureHeader.name, () => {
  it('should sign `<timestamp>.<body>` with HMAC-SHA256 once per secret', () => {
    const expected = (secret: string) => createHmac('sha256', secret).update('1700000000.{"a":1}').digest('hex');
    expect(signatureHeader(['whsec_new'], 1700000000, '{"a":1}')).toBe(`t=1700000000,v1=${expected('whsec_new')}`);
    expect(signatureHeader(['whsec_new', 'whsec_old'], 1700000000, '{"a":1}')).toBe(`t=1700000000,v1=${expected('whsec_new')},v1=${expected('whsec_old')}`);
  });
});

describe(deliveryHeaders.name, () => {
  it('should carry the delivery id, the event type and the timestamp it signed', () => {
    const headers = deliveryHeaders({ deliveryId: 'd-1', eventType: 'task.assigned', secrets: ['s'], body: '{}', now: new Date('2026-12-05T06:00:00.900Z') });
    expect(headers).toEqual({
      'TaskHub-Delivery': 'd-1',
      'TaskHub-Event': 'task.assigned',
      'TaskHub-Timestamp': '1796450400',
      'TaskHub-Signature': signatureHeader(['s'], 1796450400, '{}'),
    });
  });
});

describe(generateWebhookSecret.name, () => {
  it('should make a different 32-byte secret each time', () => {
    const [a, b] = [generateWebhookSecret(), generateWebhookSecret()];
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});
