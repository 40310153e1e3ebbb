import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { PeopleModule } from '../people/people.module';
import { ProjectsModule } from '../projects/projects.module';
import { TaskWatchModule } from '../task-watch/task-watch.module';
import { DeliveriesController } from './delivery/deliveries.controller';
import { DeliveriesService } from './delivery/deliveries.service';
import { EndpointFailures } from './delivery/endpoint-failures';
import { WebhookDeliveryRepository } from './delivery/webhook-delivery.repository';
import { WebhookFanout } from './delivery/webhook-fanout';
import { WebhookHttpClient } from './delivery/webhook-http-client';
import { WebhookSender } from './delivery/webhook-sender';
import { WebhookEventHandlers } from './messaging/webhook-events.handlers';
import { SecretBox } from './security/secret-box';
import { WebhookUrlGuard } from './security/webhook-url-guard';
import { WebhookRepository } from './webhook.repository';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Webhooks: CRUD and secrets, the fan-out of events into deliveries (queue notification.webhooks), the sender loop. */
@Module({
  imports: [NotificationsModule, PeopleModule, ProjectsModule, TaskWatchModule],
  controllers: [WebhooksController, DeliveriesController],
  providers: [
    WebhookRepository,
    WebhookDeliveryRepository,
    WebhooksService,
    DeliveriesService,
    WebhookUrlGuard,
    SecretBox,
    WebhookHttpClient,
    WebhookSender,
    EndpointFailures,
    WebhookFanout,
    WebhookEventHandlers,
  ],
})
export class WebhooksModule {}
