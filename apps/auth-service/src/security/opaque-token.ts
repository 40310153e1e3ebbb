import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url, behind a prefix that says what it is (`rt_`, `prt_`, `thk_`) so leaked ones are recognisable. */
export function newOpaqueToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** What is stored of an opaque token: its SHA-256 (a fast hash suits 256-bit random secrets; passwords get argon2id). */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A token of the given prefix, well-formed: anything else is refused before touching the database. */
export function isOpaqueToken(value: unknown, prefix: string): value is string {
  return typeof value === 'string' && value.length === prefix.length + 44 && value.startsWith(`${prefix}_`) && /^[A-Za-z0-9_-]+$/.test(value.slice(prefix.length + 1));
}
