import { IsISO8601, IsUUID } from 'class-validator';
import { defineEvent } from '../../envelope/event-contract';

export class NotificationPersonErasedV1 {
  @IsUUID()
  readonly deletionId!: string;

  @IsUUID()
  readonly userId!: string;

  @IsISO8601({ strict: true })
  readonly erasedAt!: string;
}

export const NOTIFICATION_PERSON_ERASED_V1 = defineEvent({
  type: 'notification.person.erased',
  version: 1,
  data: NotificationPersonErasedV1,
  description: 'The notification service erased a person for a deletion: their notifications, webhooks, e-mails and stored address are gone.',
  consumers: ['auth'],
});
