import { Injectable, Logger } from '@nestjs/common';
import { afterCommit } from '@taskhub/platform-database';
import { type EntityManager } from 'typeorm';
import { NotificationServiceConfig } from '../../config/notification.config';
import { NotificationFeed } from '../../notifications/notification-feed';
import { NotificationRepository } from '../../notifications/notification.repository';
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
    private readonly notifications: NotificationRepository,
    private readonly feed: NotificationFeed,
    private readonly config: NotificationServiceConfig,
  ) {}

  async recordFailedDelivery(manager: EntityManager, webhookId: string): Promise<void> {
    const failures = await this.webhooks.recordFailure(manager, webhookId);
    if (failures < this.config.webhookDisableAfterFailedDeliveries) return;
    const disabled = await this.webhooks.disable(manager, webhookId);
    if (!disabled) return;
    await this.deliveries.failPending(manager, webhookId, 'endpoint disabled after repeated failures');
    this.logger.warn(`webhook ${webhookId} of user ${disabled.ownerId} disabled after ${failures} failed deliveries in a row`);
    await this.notifyOwnerOfDisabledWebhook(manager, disabled);
  }

  /**
   * Tells the owner, in the transaction that disabled the webhook: an in-app `webhook.disabled` notice (whatever the
   * preferences say: it is no preference kind), announced on the live feed after the commit like any notification.
   */
  private async notifyOwnerOfDisabledWebhook(manager: EntityManager, webhook: Webhook): Promise<void> {
    const recorded = await this.notifications.recordNotice(manager, {
      userId: webhook.ownerId,
      kind: 'webhook.disabled',
      projectId: webhook.projectId,
      webhookId: webhook.id,
      webhookUrl: webhook.url,
    });
    afterCommit(manager, () => this.feed.publish([recorded]));
  }
}
