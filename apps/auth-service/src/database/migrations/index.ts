import { CreateInbox1795500000001, CreateOutbox1795500000000, DropOutboxNotifyTrigger1796151356792 } from '@taskhub/platform-messaging';
import { Baseline1795329973273 } from './1795329973273-Baseline';
import { CreateAccounts1796147760453 } from './1796147760453-CreateAccounts';
import { ApiKeyScopesExpiryAndRevokeReason1797090000000 } from './1797090000000-ApiKeyScopesExpiryAndRevokeReason';
import { EmailVerificationAndChange1797100000000 } from './1797100000000-EmailVerificationAndChange';
import { CreateAccountDeletion1797300000000 } from './1797300000000-CreateAccountDeletion';

/**
 * Every migration of the auth database, oldest first. Listed explicitly (no globs): the same list works in Jest and
 * dist/. The outbox and inbox tables are the platform's (the auth service produces auth.* events and consumes
 * user.data_export.requested.v1 and the deletion saga's reports).
 */
export const AUTH_MIGRATIONS = [
  Baseline1795329973273,
  CreateOutbox1795500000000,
  CreateInbox1795500000001,
  CreateAccounts1796147760453,
  DropOutboxNotifyTrigger1796151356792,
  ApiKeyScopesExpiryAndRevokeReason1797090000000,
  EmailVerificationAndChange1797100000000,
  CreateAccountDeletion1797300000000,
];
