import { DomainException } from '@taskhub/platform-errors';

/** Error codes of the auth service's own features (token verification codes are in @taskhub/platform-auth). */
export const AuthServiceErrors = {
  INVALID_CREDENTIALS: 'AUTH.INVALID_CREDENTIALS',
  ACCOUNT_DISABLED: 'AUTH.ACCOUNT_DISABLED',
  REFRESH_TOKEN_INVALID: 'AUTH.REFRESH_TOKEN_INVALID',
  REFRESH_TOKEN_REUSED: 'AUTH.REFRESH_TOKEN_REUSED',
  RESET_TOKEN_INVALID: 'AUTH.RESET_TOKEN_INVALID',
  API_KEY_INVALID: 'AUTH.API_KEY_INVALID',
  ACCOUNT_NOT_FOUND: 'AUTH.ACCOUNT_NOT_FOUND',
  API_KEY_NOT_FOUND: 'AUTH.API_KEY_NOT_FOUND',
  VERIFICATION_TOKEN_INVALID: 'AUTH.VERIFICATION_TOKEN_INVALID',
  EMAIL_CHANGE_TOKEN_INVALID: 'AUTH.EMAIL_CHANGE_TOKEN_INVALID',
  EMAIL_ADDRESS_TAKEN: 'AUTH.EMAIL_ADDRESS_TAKEN',
  EMAIL_UNCHANGED: 'AUTH.EMAIL_UNCHANGED',
  EMAIL_ALREADY_VERIFIED: 'AUTH.EMAIL_ALREADY_VERIFIED',
} as const;

/** The one answer to a failed login, whether the e-mail is unknown, the password wrong or the account disabled. */
export class InvalidCredentialsException extends DomainException {
  constructor() {
    super(AuthServiceErrors.INVALID_CREDENTIALS, 'the e-mail or password is incorrect', 401);
  }
}

/** The answer to a token exchanged for an API key on the routes that act on the whole account (password, logout-all). */
export const ACCOUNT_NEEDS_A_LOGIN_SESSION =
  "the account's password and sessions are managed with a login session's token, not with a token exchanged for an API key";

