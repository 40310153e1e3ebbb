import { Injectable, Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { NotificationServiceConfig } from '../../config/notification.config';
import { type Webhook } from '../webhook';
import { WebhookRepository } from '../webhook.repository';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';

/**
 * Endpoints that keep failing: each failed delivery (retries exhausted, or refused with a 4xx) adds to the endpoint's
 * failures in a row; WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES of them disable it, fail its pending deliveries, and tell
 * its owner (notifyOwnerOfDisabledWebhook). A success in between starts the count again.
 */
@Injectable()
export class EndpointFailures {
  private readonly logger = new Logger(EndpointFailures.name);

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly config: NotificationServiceConfig,
  ) {}

  async recordFailedDelivery(manager: EntityManager, webhookId: string): Promise<void> {
    const failures = await this.webhooks.recordFailure(manager, webhookId);
    if (failures < this.config.webhookDisableAfterFailedDeliveries) return;
    const disabled = await this.webhooks.disable(manager, webhookId);
    if (!disabled) return;
    await this.deliveries.failPending(manager, webhookId, 'endpoint disabled after repeated failures');
    this.logger.warn(`webhook ${webhookId} of user ${disabled.ownerId} disabled after ${failures} failed deliveries in a row`);
    await notifyOwnerOfDisabledWebhook(manager, disabled, failures);
  }
}

/**
 * THE SEAM FOR THE LEAD: tells the owner that their webhook was disabled, in the transaction that disabled it. The
 * in-app `notification` table is n-core's and not merged here, so this only logs; wire it to an in-app notification
 * row (kind e.g. `webhook.disabled`, the webhook's id and URL) once that table is in.
 */
export async function notifyOwnerOfDisabledWebhook(manager: EntityManager, webhook: Webhook, failures: number): Promise<void> {
  void manager;
  new Logger('WebhookDisabledNotice').warn(`to tell user ${webhook.ownerId}: webhook ${webhook.id} (${webhook.url}) disabled after ${failures} failed deliveries`);
  return Promise.resolve();
}
