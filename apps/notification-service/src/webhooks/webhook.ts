import { type NotificationKind } from '@taskhub/contracts';

/** Limits of webhooks. */
export const WEBHOOK_LIMITS = {
  /** endpoints per owner (a user's and the projects' they created together) */
  perOwner: 25,
  urlLength: 2048,
} as const;

export type WebhookStatus = 'active' | 'disabled';
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** A webhook as the service passes it around and answers it (never with its secret). */
export interface Webhook {
  readonly id: string;
  readonly ownerId: string;
  readonly projectId: string | null;
  readonly url: string;
  readonly events: NotificationKind[];
  readonly status: WebhookStatus;
  /** set while the secret replaced by the last rotation still signs */
  readonly previousSecretExpiresAt: string | null;
  readonly disabledAt: string | null;
  readonly createdAt: string;
}

/** What creation and rotation answer: the webhook and its new secret, shown this once. */
export interface WebhookWithSecret extends Webhook {
  readonly secret: string;
}

/** One entry of the delivery log. */
export interface Delivery {
  readonly id: string;
  readonly webhookId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly responseCode: number | null;
  readonly durationMs: number | null;
  readonly lastError: string | null;
  readonly nextAttemptAt: string | null;
  readonly lastAttemptAt: string | null;
  readonly createdAt: string;
  /** the JSON body exactly as it was signed and sent */
  readonly requestBody: string;
}
