import { defineEvent } from '../../envelope/event-contract';
import { PersonalDataPartV1 } from '../personal-data-part/personal-data-part.v1';

export class NotificationPersonalDataExportedV1 extends PersonalDataPartV1 {}

export const NOTIFICATION_PERSONAL_DATA_EXPORTED_V1 = defineEvent({
  type: 'notification.personal_data.exported',
  version: 1,
  data: NotificationPersonalDataExportedV1,
  description: "One piece of the notification service's part of a personal data export: the person's notifications (actor ids, no names) and webhooks (no secrets).",
  consumers: ['user'],
  personalData: true,
});
