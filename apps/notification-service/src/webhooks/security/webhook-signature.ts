import { createHmac, randomBytes } from 'node:crypto';

/** Header names of a delivery (Stripe / Standard Webhooks style; docs/webhooks.md). */
export const WEBHOOK_HEADERS = {
  delivery: 'TaskHub-Delivery',
  event: 'TaskHub-Event',
  timestamp: 'TaskHub-Timestamp',
  signature: 'TaskHub-Signature',
} as const;

/** A new signing secret: `whsec_` and 32 random bytes, base64url. The receiver uses the whole string as the HMAC key. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** hex HMAC-SHA256 of `<timestamp>.<body>` with the secret */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * `t=<unix seconds>,v1=<signature>` with one `v1` per secret that signs: the current one, and during a rotation's
 * grace period the previous one too, so a receiver that still has the old secret keeps verifying.
 */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${signatureOf(secret, timestamp, body)}`)].join(',');
}

/** The headers of one attempt: the delivery id is the same on every attempt (receivers dedupe on it), the timestamp is the attempt's. */
export function deliveryHeaders(input: { deliveryId: string; eventType: string; secrets: readonly string[]; body: string; now: Date }): Record<string, string> {
  const timestamp = Math.floor(input.now.getTime() / 1000);
  return {
    [WEBHOOK_HEADERS.delivery]: input.deliveryId,
    [WEBHOOK_HEADERS.event]: input.eventType,
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.signature]: signatureHeader(input.secrets, timestamp, input.body),
  };
}
