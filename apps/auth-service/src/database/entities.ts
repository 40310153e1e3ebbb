import { AccountEntity } from '../accounts/account.entity';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { AccountDeletionEntity } from '../deletions/account-deletion.entity';
import { EmailChangeEntity } from '../email-change/email-change.entity';
import { PasswordResetEntity } from '../passwords/password-reset.entity';
import { RefreshTokenEntity } from '../sessions/refresh-token.entity';
import { SessionEntity } from '../sessions/session.entity';
import { EmailVerificationEntity } from '../verification/email-verification.entity';

/** Every entity of the auth database (the schema itself comes from the migrations). */
export const AUTH_ENTITIES = [AccountEntity, SessionEntity, RefreshTokenEntity, PasswordResetEntity, ApiKeyEntity, EmailVerificationEntity, EmailChangeEntity, AccountDeletionEntity];
