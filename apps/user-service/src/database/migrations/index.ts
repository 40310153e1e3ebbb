import { CreateInbox1795500000001, CreateOutbox1795500000000, DropOutboxNotifyTrigger1796151356792 } from '@taskhub/platform-messaging';
import { Baseline1795329973273 } from './1795329973273-Baseline';
import { CreateProfiles1796439854970 } from './1796439854970-CreateProfiles';
import { ProfileEmailVerified1797100000000 } from './1797100000000-ProfileEmailVerified';
import { CreatePersonalDataExports1797200000000 } from './1797200000000-CreatePersonalDataExports';
import { ErasedProfiles1797300000200 } from './1797300000200-ErasedProfiles';

/**
 * Every migration of the user database, oldest first. Listed explicitly (no globs): the same list works in Jest and
 * dist/. The outbox and inbox tables are the platform's (the user service produces user.* events and consumes auth's).
 */
export const USER_MIGRATIONS = [
  Baseline1795329973273,
  CreateOutbox1795500000000,
  CreateInbox1795500000001,
  DropOutboxNotifyTrigger1796151356792,
  CreateProfiles1796439854970,
  ProfileEmailVerified1797100000000,
  CreatePersonalDataExports1797200000000,
  ErasedProfiles1797300000200,
];
