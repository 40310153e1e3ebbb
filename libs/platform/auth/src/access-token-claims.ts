/** The roles an account can hold. */
export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

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
}

/** Who made an authenticated request, as services see it (`@CurrentUser()`). Never taken from a header. */
export interface AuthenticatedUser {
  readonly id: string;
  readonly roles: readonly Role[];
  readonly sessionId: string;
  readonly tokenId: string;
  /** seconds since the epoch */
  readonly expiresAt: number;
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
  return problems;
}

export function toAuthenticatedUser(claims: AccessTokenClaims): AuthenticatedUser {
  return { id: claims.sub, roles: claims.roles, sessionId: claims.sid, tokenId: claims.jti, expiresAt: claims.exp };
}
