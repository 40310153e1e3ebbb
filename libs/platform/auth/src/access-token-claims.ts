/** The roles an account can hold. */
export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What an API key may do, and so the token exchanged for it: `read` (GET, HEAD, OPTIONS), `write` (every other
 * method). A login session's token is not limited by scope. Never a role: a key's token never carries `admin`.
 */
export const SCOPES = ['read', 'write'] as const;
export type Scope = (typeof SCOPES)[number];

/** The roles an API key's token never carries, whatever its account holds (checked by every service too). */
export const ROLES_NEVER_DELEGATED_TO_KEYS: readonly Role[] = ['admin'];

/** The payload of a TaskHub access token (JWT, RS256, `kid` in the header). */
export interface AccessTokenClaims {
  readonly iss: string;
  readonly aud: string;
  /** the account id */
  readonly sub: string;
  readonly exp: number;
  readonly iat: number;
  /** unique per token */
  readonly jti: string;
  readonly roles: readonly Role[];
  /** what the token was issued for: a login session (its refresh family) or an API key; revoking it ends the token */
  readonly sid: string;
  /**
   * API-key tokens only: the key's scopes, space-separated (the `scope` claim of RFC 8693 §4.2 and RFC 9068 §2.2.3).
   * Its presence is what makes a token an API key's; a login session's token has none.
   */
  readonly scope?: string;
  /**
   * the account's e-mail address is verified (OIDC Core 5.1 `email_verified`), as it was when the token was issued: a
   * refresh picks up a change. Absent (tokens issued before the claim existed) counts as not verified.
   */
  readonly email_verified?: boolean;
}

/** Who made an authenticated request, as services see it (`@CurrentUser()`). Never taken from a header. */
export interface AuthenticatedUser {
  readonly id: string;
  readonly roles: readonly Role[];
  readonly sessionId: string;
  readonly tokenId: string;
  /** seconds since the epoch */
  readonly expiresAt: number;
  /** what the token was issued for: a login session, or an API key (then `sessionId` is the key's id) */
  readonly credential: 'session' | 'api_key';
  /** what the token may do (`read`: GET, HEAD, OPTIONS; `write`: the rest); a session's token holds every scope */
  readonly scopes: readonly Scope[];
  /** the `email_verified` claim: what an unverified account may not do yet (webhooks, API keys) is refused on it */
  readonly emailVerified: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The claims this platform requires beyond what the signature check verified (jsonwebtoken checks iss, aud, exp, and
 * only when present, so presence is checked here): every field present and well-formed, roles known.
 */
export function claimProblems(payload: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) problems.push('sub');
  if (typeof payload.exp !== 'number') problems.push('exp');
  if (typeof payload.iat !== 'number') problems.push('iat');
  if (typeof payload.jti !== 'string' || payload.jti.length === 0) problems.push('jti');
  if (typeof payload.sid !== 'string' || !UUID.test(payload.sid)) problems.push('sid');
  const roles = payload.roles;
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every((r) => (ROLES as readonly unknown[]).includes(r))) problems.push('roles');
  else if ('scope' in payload && roles.some((r) => (ROLES_NEVER_DELEGATED_TO_KEYS as readonly unknown[]).includes(r))) problems.push('roles');
  if ('scope' in payload && parseScope(payload.scope) === undefined) problems.push('scope');
  if ('email_verified' in payload && typeof payload.email_verified !== 'boolean') problems.push('email_verified');
  return problems;
}

/** The scopes of a `scope` claim: known, each once, at least one; undefined when it is anything else. */
export function parseScope(value: unknown): Scope[] | undefined {
  if (typeof value !== 'string') return undefined;
  const scopes = value.split(' ');
  const known = scopes.every((s) => (SCOPES as readonly string[]).includes(s));
  return known && new Set(scopes).size === scopes.length ? (scopes as Scope[]) : undefined;
}

/** The caller of verified claims (claimProblems found none); a malformed `scope` would give no scope at all. */
export function toAuthenticatedUser(claims: AccessTokenClaims): AuthenticatedUser {
  const caller = { id: claims.sub, roles: claims.roles, sessionId: claims.sid, tokenId: claims.jti, expiresAt: claims.exp, emailVerified: claims.email_verified === true };
  if (claims.scope === undefined) return { ...caller, credential: 'session', scopes: SCOPES };
  return { ...caller, credential: 'api_key', scopes: parseScope(claims.scope) ?? [] };
}
