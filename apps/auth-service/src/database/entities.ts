import { AccountEntity } from '../accounts/account.entity';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { AccountDeletionEntity } from '../deletions/account-deletion.entity';
import { PasswordResetEntity } from '../passwords/password-reset.entity';
import { RefreshTokenEntity } from '../sessions/refresh-token.entity';
import { SessionEntity } from '../sessions/session.entity';

/** Every entity of the auth database (the schema itself comes from the migrations). */
export const AUTH_ENTITIES = [AccountEntity, SessionEntity, RefreshTokenEntity, PasswordResetEntity, ApiKeyEntity, AccountDeletionEntity];
