import { DomainException } from '@taskhub/platform-errors';
import { type Scope } from './access-token-claims';

/** Error codes of authentication and authorization, shared by every service. */
export const AuthErrorCodes = {
  TOKEN_MISSING: 'AUTH.TOKEN_MISSING',
  TOKEN_INVALID: 'AUTH.TOKEN_INVALID',
  TOKEN_EXPIRED: 'AUTH.TOKEN_EXPIRED',
  SESSION_ENDED: 'AUTH.SESSION_ENDED',
  FORBIDDEN: 'AUTH.FORBIDDEN',
  INSUFFICIENT_SCOPE: 'AUTH.INSUFFICIENT_SCOPE',
  LOGIN_SESSION_REQUIRED: 'AUTH.LOGIN_SESSION_REQUIRED',
  EMAIL_NOT_VERIFIED: 'AUTH.EMAIL_NOT_VERIFIED',
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

/** 403: an API key's token without the scope the request needs (RFC 6750 §3.1 `insufficient_scope`). */
export class InsufficientScopeException extends DomainException {
  constructor(readonly scope: Scope) {
    super(AuthErrorCodes.INSUFFICIENT_SCOPE, `this needs the scope ${scope}, which the API key of this token does not have`, 403);
  }
}

/** 403: a route only a login session's token may call (`@LoginSessionOnly()`), called with an API key's. */
export class LoginSessionRequiredException extends DomainException {
  constructor(message = "this needs a login session's token, not a token exchanged for an API key") {
    super(AuthErrorCodes.LOGIN_SESSION_REQUIRED, message, 403);
  }
}

/** 403: what an account may do only once its e-mail address is verified (API keys, webhooks), asked before that. */
export class EmailNotVerifiedException extends DomainException {
  constructor(what: string) {
    super(AuthErrorCodes.EMAIL_NOT_VERIFIED, `${what} needs a verified e-mail address: follow the link of the verification e-mail first`, 403);
  }
}
