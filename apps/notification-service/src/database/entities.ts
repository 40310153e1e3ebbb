import { NotificationEntity } from '../notifications/notification.entity';
import { PersonPreferencesEntity } from '../people/person-preferences.entity';
import { PersonEntity } from '../people/person.entity';
import { ProjectOwnerEntity } from '../projects/project-owner.entity';
import { TaskWatchEntity } from '../task-watch/task-watch.entity';
import { WebhookDeliveryEntity } from '../webhooks/webhook-delivery.entity';
import { WebhookEntity } from '../webhooks/webhook.entity';

/** Every entity of the notification database (the schema itself comes from the migrations). */
export const NOTIFICATION_ENTITIES = [
  PersonEntity,
  PersonPreferencesEntity,
  TaskWatchEntity,
  NotificationEntity,
  ProjectOwnerEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
];
