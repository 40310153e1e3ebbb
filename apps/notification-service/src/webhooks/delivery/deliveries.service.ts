import { Injectable } from '@nestjs/common';
import { afterCommit } from '@taskhub/platform-database';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { type Page, PageCursors, pageLimit, type PageQueryDto } from '@taskhub/platform-http';
import { DataSource } from 'typeorm';
import { type Delivery } from '../webhook';
import { DeliveryNotFoundException, DeliveryPendingException } from '../webhooks.errors';
import { WebhooksService } from '../webhooks.service';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookSender } from './webhook-sender';

/** The delivery log of a webhook, and manual redelivery. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhooksService,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly cursors: PageCursors,
    private readonly sender: WebhookSender,
  ) {}

  async list(user: AuthenticatedUser, webhookId: string, query: PageQueryDto): Promise<Page<Delivery>> {
    await this.webhooks.existing(this.dataSource.manager, user, webhookId);
    const binding = { list: 'webhook.deliveries', webhookId };
    const limit = pageLimit(query);
    const before = this.cursors.decode<string>(query.cursor, binding);
    const rows = await this.deliveries.list(this.dataSource.manager, webhookId, before, limit + 1);
    return this.cursors.page(rows, limit, (last) => last.id, binding);
  }

  /**
   * A succeeded or failed delivery sent again now (same delivery id and body, new timestamp and signature), with a
   * fresh retry schedule. On a disabled endpoint it is the way back: a redelivery that succeeds enables it again.
   */
  redeliver(user: AuthenticatedUser, webhookId: string, deliveryId: string): Promise<Delivery> {
    return this.dataSource.transaction(async (manager) => {
      await this.webhooks.existing(manager, user, webhookId, true);
      const delivery = await this.deliveries.byId(manager, webhookId, deliveryId, true);
      if (!delivery) throw new DeliveryNotFoundException(deliveryId);
      if (delivery.status === 'pending') throw new DeliveryPendingException(deliveryId);
      const due = await this.deliveries.redeliver(manager, deliveryId);
      afterCommit(manager, () => this.sender.wake());
      return due;
    });
  }
}
