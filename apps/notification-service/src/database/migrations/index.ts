import { CreateInbox1795500000001, CreateOutbox1795500000000, DropOutboxNotifyTrigger1796151356792 } from '@taskhub/platform-messaging';
import { Baseline1795329973273 } from './1795329973273-Baseline';
import { CreatePeople1796440045624 } from './1796440045624-CreatePeople';
import { PeopleAccountsAndTaskWatch1797010000000 } from './1797010000000-PeopleAccountsAndTaskWatch';
import { CreateNotifications1797010000100 } from './1797010000100-CreateNotifications';
import { CreateEmail1797020000000 } from './1797020000000-CreateEmail';
import { Webhooks1797030000000 } from './1797030000000-Webhooks';
import { WebhookDisabledNotice1797050000000 } from './1797050000000-WebhookDisabledNotice';
import { PersonEmailChangedAt1797100000000 } from './1797100000000-PersonEmailChangedAt';
import { PersonErasure1797300000100 } from './1797300000100-PersonErasure';

/**
 * Every migration of the notification database, oldest first. Listed explicitly (no globs): the same list works in
 * Jest and dist/. The inbox and outbox tables are the platform's (the notification service consumes the other services'
 * events, sends its part of a personal data export with notification.personal_data.exported.v1, and reports its part
 * of an account deletion with notification.person.erased.v1).
 */
export const NOTIFICATION_MIGRATIONS = [
  Baseline1795329973273,
  CreateOutbox1795500000000,
  CreateInbox1795500000001,
  DropOutboxNotifyTrigger1796151356792,
  CreatePeople1796440045624,
  PeopleAccountsAndTaskWatch1797010000000,
  CreateNotifications1797010000100,
  CreateEmail1797020000000,
  Webhooks1797030000000,
  WebhookDisabledNotice1797050000000,
  PersonEmailChangedAt1797100000000,
  PersonErasure1797300000100,
];
