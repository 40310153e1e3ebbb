import { DomainException } from '@taskhub/platform-errors';

/** Error codes of authentication and authorization, shared by every service. */
export const AuthErrorCodes = {
  TOKEN_MISSING: 'AUTH.TOKEN_MISSING',
  TOKEN_INVALID: 'AUTH.TOKEN_INVALID',
  TOKEN_EXPIRED: 'AUTH.TOKEN_EXPIRED',
  SESSION_ENDED: 'AUTH.SESSION_ENDED',
  FORBIDDEN: 'AUTH.FORBIDDEN',
} as const;

/** 401: no usable access token. The message says why, never what a valid token would look like. */
export class UnauthenticatedException extends DomainException {
  constructor(code: string, message: string) {
    super(code, message, 401);
  }
}

export class ForbiddenException extends DomainException {
  constructor(message = 'this needs a role the caller does not have') {
    super(AuthErrorCodes.FORBIDDEN, message, 403);
  }
}
