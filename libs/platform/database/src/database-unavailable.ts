/** Thrown when the service's database is not connected (yet, or any more). Maps to 503 DEPENDENCY.UNAVAILABLE. */
export class DatabaseUnavailableError extends Error {
  constructor(message = 'database is not connected') {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);
/**
 * The SQLSTATEs that mean "the database cannot serve this service right now" (an outage: 503 with Retry-After), the
 * one list every service maps (https://www.postgresql.org/docs/current/errcodes-appendix.html). Not in it: anything a
 * request can cause by itself (constraint violations, bad input, serialization failures), which stay 4xx or 500.
 */
export const UNAVAILABLE_SQLSTATES: readonly { readonly pattern: RegExp; readonly meaning: string }[] = [
  { pattern: /^08...$/, meaning: 'class 08 connection exception (cannot connect, connection failure, protocol violation)' },
  { pattern: /^28...$/, meaning: 'class 28 invalid authorization (the role was disabled, its password rotated, pg_hba refuses it)' },
  { pattern: /^3D000$/, meaning: 'the database does not exist (dropped or not created yet)' },
  { pattern: /^53...$/, meaning: 'class 53 insufficient resources (too many connections 53300, disk full, out of memory)' },
  { pattern: /^57P0[1-5]$/, meaning: 'admin or crash shutdown, starting up (cannot connect now), database dropped, idle session timeout' },
  { pattern: /^57014$/, meaning: 'query canceled (statement_timeout)' },
  { pattern: /^25006$/, meaning: 'read-only transaction (a standby is serving writes during a failover)' },
  { pattern: /^58030$/, meaning: 'I/O error on the server' },
];
/** 55000 (object not in prerequisite state) is also raised for request-made states; only this message is an outage. */
const NOT_ACCEPTING_CONNECTIONS = { code: '55000', message: /is not currently accepting connections/i };

/** True when a SQLSTATE (with its message, for 55000) means the database is unavailable. */
export function isUnavailableSqlState(code: string, message = ''): boolean {
  if (code === NOT_ACCEPTING_CONNECTIONS.code) return NOT_ACCEPTING_CONNECTIONS.message.test(message);
  return UNAVAILABLE_SQLSTATES.some(({ pattern }) => pattern.test(code));
}

const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /query read timeout/i,
  /connection timeout/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
  /not queryable/i,
];
const UNAVAILABLE_NAMES = new Set(['DatabaseUnavailableError', 'CannotExecuteNotConnectedError', 'ConnectionIsNotSetError']);

/**
 * True when an error (raw pg, TypeORM-wrapped, or one of ours) means the database cannot be reached or cannot serve
 * right now, as opposed to a bug or a constraint violation. Looks through `driverError`, `cause` and AggregateError.
 */
export function isDatabaseUnavailableError(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || isUnavailableSqlState(e.code, message))) return true;
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  const nested = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])];
  return nested.some((inner) => isDatabaseUnavailableError(inner, depth + 1));
}
