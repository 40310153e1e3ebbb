import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type AuthenticatedUser, type Role } from './access-token-claims';

export const IS_PUBLIC = 'taskhub:auth:public';
export const REQUIRED_ROLES = 'taskhub:auth:roles';
export const LOGIN_SESSION_ONLY = 'taskhub:auth:login-session-only';

/**
 * Every route needs a valid access token, whatever its path or however the path is spelled; `@Public()` on a handler
 * or controller is the one way out (register, login, the JWKS, and the probes and /metrics outside /api/v1). Kong's
 * jwt plugin guards the same routes at the edge (kong/kong.yml).
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The caller must hold one of these roles, else 403 AUTH.FORBIDDEN. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/**
 * Only a login session's token may call this route, never a token exchanged for an API key (403
 * AUTH.LOGIN_SESSION_REQUIRED with `message`): managing the credentials themselves, e.g. creating API keys.
 */
export const LoginSessionOnly = (message?: string): MethodDecorator & ClassDecorator => SetMetadata(LOGIN_SESSION_ONLY, { message });

/** The verified caller of an authenticated route. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  const user = ctx.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
  if (!user) throw new Error('@CurrentUser() on a route without authentication (is it @Public()?)');
  return user;
});
