import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainException } from '@taskhub/platform-errors';
import { type AuthenticatedUser } from './access-token-claims';
import { AccessTokenStrategy } from './access-token.strategy';
import { IS_PUBLIC, LOGIN_SESSION_ONLY } from './auth.decorators';
import { AuthErrorCodes, InsufficientScopeException, UnauthenticatedException } from './auth.exceptions';
import { assertCredentialMayCall } from './credential-policy';
import { RequestAdmission } from './request-admission';
import { type RateLimitState, UserRateLimiter } from './user-rate-limiter';

interface ReplyLike {
  header(name: string, value: string): unknown;
}

interface RequestLike {
  readonly url: string;
  readonly method: string;
  readonly headers: { authorization?: string };
  user?: AuthenticatedUser;
}

/**
 * The global guard of every service: a route that is not `@Public()` needs a valid access token
 * (AccessTokenStrategy), and then counts against the caller's per-user rate limit. Failures answer 401 in the common
 * error shape with `WWW-Authenticate: Bearer` (RFC 6750). Identity headers a client sends (X-User-Id, X-Consumer-*)
 * are never read: the identity is the verified token's. An API key's token is then held to its scopes (`write` for
 * any method but GET, HEAD and OPTIONS: 403 AUTH.INSUFFICIENT_SCOPE, `error="insufficient_scope"`) and kept off
 * `@LoginSessionOnly()` routes (403 AUTH.LOGIN_SESSION_REQUIRED): one place for every service. A token this process
 * verified before skips passport and the signature check, not the claims (`rememberedUser`) nor the session, which is
 * checked with the rate limit's count in one Redis round trip (RequestAdmission).
 */
@Injectable()
export class AccessTokenGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimiter: UserRateLimiter,
    private readonly strategy: AccessTokenStrategy,
    private readonly admission: RequestAdmission,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestLike>();
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    // decided by the route's marking alone: the raw URL (`/%61pi/...`, `//api/...`, `http://host/api/...`) is spelled
    // by the client and need not look like the path the router matched
    if (isPublic === true) return true;
    // a token verified before: its session and the count in one round trip; else passport, then the count (past the
    // limit: 429 with Retry-After)
    let state = await this.admitRemembered(context, request);
    if (state === 'not remembered') {
      await super.canActivate(context);
      state = this.rateLimiter.enabled && request.user ? await this.rateLimiter.consume(request.user.id) : undefined;
    }
    const reply = context.switchToHttp().getResponse<ReplyLike>();
    if (state !== undefined) {
      reply.header('ratelimit-limit', String(state.limit));
      reply.header('ratelimit-remaining', String(state.remaining));
      reply.header('ratelimit-reset', String(state.resetSeconds));
    }
    if (request.user) {
      const loginSessionOnly = this.reflector.getAllAndOverride<{ message?: string } | undefined>(LOGIN_SESSION_ONLY, [context.getHandler(), context.getClass()]);
      try {
        assertCredentialMayCall(request.user, request.method, loginSessionOnly);
      } catch (error) {
        if (error instanceof InsufficientScopeException) reply.header('www-authenticate', `Bearer realm="taskhub", error="insufficient_scope", scope="${error.scope}"`);
        throw error;
      }
    }
    return true;
  }

  /**
   * A token verified before in this process: its claims, its session and the rate limit (one round trip), then
   * `request.user` is set; the rate-limit state if counted. 'not remembered': passport must verify it.
   */
  private async admitRemembered(context: ExecutionContext, request: RequestLike): Promise<RateLimitState | undefined | 'not remembered'> {
    try {
      const user = this.strategy.rememberedUser(request);
      if (user === undefined) return 'not remembered';
      const state = await this.admission.admit(user);
      request.user = user;
      return state;
    } catch (error) {
      if (!(error instanceof UnauthenticatedException)) throw error; // 429, 503
      this.handleRequest(error, false, undefined, context); // throws, as for a token passport refused
      throw error;
    }
  }

  override handleRequest<T = AuthenticatedUser>(error: unknown, user: T | false, info: unknown, context: ExecutionContext): T {
    if (!error && user) return user;
    const failure = error ?? info;
    const reply = context.switchToHttp().getResponse<ReplyLike>();
    if (failure instanceof DomainException && failure.statusCode !== 401) throw failure; // e.g. 503 session store down
    const exception = failure instanceof UnauthenticatedException ? failure : fromPassportInfo(failure);
    const description = exception.message.replace(/"/g, "'");
    const errorParam = exception.code === AuthErrorCodes.TOKEN_MISSING ? '' : `, error="invalid_token", error_description="${description}"`;
    reply.header('www-authenticate', `Bearer realm="taskhub"${errorParam}`);
    throw exception;
  }
}

/** passport-jwt's `info`: jsonwebtoken's errors, or "No auth token". */
function fromPassportInfo(info: unknown): UnauthenticatedException {
  const name = info instanceof Error ? info.name : undefined;
  if (name === 'TokenExpiredError') return new UnauthenticatedException(AuthErrorCodes.TOKEN_EXPIRED, 'the access token has expired');
  if (info instanceof Error && info.message === 'No auth token') {
    return new UnauthenticatedException(AuthErrorCodes.TOKEN_MISSING, 'an access token is required: Authorization: Bearer <token>');
  }
  return new UnauthenticatedException(AuthErrorCodes.TOKEN_INVALID, 'the access token is invalid');
}
