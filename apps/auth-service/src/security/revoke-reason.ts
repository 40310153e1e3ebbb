/** Why every credential of an account ends at once: its login sessions and its API keys alike. */
export type AccountWideRevokeReason = 'logout_all' | 'password_changed' | 'password_reset' | 'role_changed' | 'account_disabled' | 'account_deleted';

/** Why one login session ended. */
export type SessionRevokeReason = 'logout' | 'refresh_token_reuse' | AccountWideRevokeReason;

/** Why an API key was revoked: by its owner, or with every other credential of its account. */
export type ApiKeyRevokeReason = 'revoked' | AccountWideRevokeReason;
