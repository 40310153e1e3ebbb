import { type AuthenticatedUser, type Scope } from './access-token-claims';
import { InsufficientScopeException, LoginSessionRequiredException } from './auth.exceptions';

/** The methods that change nothing (RFC 9110 §9.2.1): an API key's token needs `read` for them, `write` for the rest. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The scope a request needs, by its method alone, so that no route can forget to declare one. */
export function requiredScope(method: string): Scope {
  return SAFE_METHODS.has(method.toUpperCase()) ? 'read' : 'write';
}

/**
 * Whether the caller's credential may make this request, beyond being valid: no API key's token may call a
 * `@LoginSessionOnly()` route (checked first: no scope would help), and an API key's token needs the scope of the
 * method. Throws the 403 otherwise. (Roles are RolesGuard's.)
 */
export function assertCredentialMayCall(user: AuthenticatedUser, method: string, loginSessionOnly: { message?: string } | undefined): void {
  if (loginSessionOnly && user.credential !== 'session') throw new LoginSessionRequiredException(loginSessionOnly.message);
  const scope = requiredScope(method);
  if (!user.scopes.includes(scope)) throw new InsufficientScopeException(scope);
}
