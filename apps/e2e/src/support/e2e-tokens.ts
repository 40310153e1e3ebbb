import { randomUUID } from 'node:crypto';
import { keyIdsIn } from '@taskhub/platform-auth';
import { accessClaims, signRs256 } from '@taskhub/platform-testing';
import { stackInfo } from './stack-info';

/** Shorter than the 15 minutes the auth service issues, well inside the gateway's maximum_expiration. */
const LIFETIME_SECONDS = 600;
const RENEW_BEFORE_SECONDS = 120;

let cached: { token: string; exp: number; kid: string } | undefined;

/** The newest signing key of the run (a spec may rotate keys). */
export function currentKeyId(): string {
  const kids = keyIdsIn(stackInfo().jwtKeysDir, 'private');
  if (kids.length === 0) throw new Error(`no signing key in ${stackInfo().jwtKeysDir}`);
  return kids[kids.length - 1];
}

/**
 * A well-formed access token signed with the run's key, as the auth service issues them, for specs that test
 * something other than authentication (the routes they call do not exist, so no account is needed); one is reused
 * until it nears its expiry. `claims` overrides any claim (a fresh token then).
 */
export function accessToken(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const kid = currentKeyId();
  const custom = Object.keys(claims).length > 0;
  if (!custom && cached && cached.kid === kid && cached.exp - now > RENEW_BEFORE_SECONDS) return cached.token;
  const payload = accessClaims(randomUUID(), claims, LIFETIME_SECONDS);
  const token = signRs256(stackInfo().jwtKeysDir, kid, { payload });
  if (!custom) cached = { token, exp: Number(payload.exp), kid };
  return token;
}
