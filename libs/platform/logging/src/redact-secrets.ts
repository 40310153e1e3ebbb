import { stdSerializers } from 'pino';

export const REDACTED = '[REDACTED]';

/**
 * A key names a secret when, lower-cased and without separators, it ends with one of these: `password`,
 * `newPassword`, `token`, `refreshToken`, `resetToken`, `access_token`, `apiKey`, `x-api-key`, `secret`,
 * `clientSecret`, `authorization`, `proxy-authorization`, `cookie`, `set-cookie`, ...
 */
const SECRET_KEY_SUFFIXES = ['password', 'passphrase', 'token', 'apikey', 'secret', 'authorization', 'cookie'];
/** Objects nested deeper than this are replaced, not walked (a log line is not a place for them either). */
const MAX_DEPTH = 16;

export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEY_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

/**
 * A copy of a log line's fields with the value of every secret key replaced by `[REDACTED]`, at any depth (plain
 * objects, arrays and the own properties of errors, which become pino's serialized error). The input is not changed.
 */
export function redactSecrets(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth > MAX_DEPTH) return '[Too deep]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1, seen));
    const isError = value instanceof Error;
    const source: object = isError ? stdSerializers.err(value) : value;
    if (!isError && !isPlainObject(source)) return source; // Date, Buffer, Map...: their own JSON form, not walked
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(source)) out[key] = isSecretKey(key) ? REDACTED : redactSecrets(inner, depth + 1, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
