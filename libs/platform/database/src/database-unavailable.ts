/** Thrown when the service's database is not connected (yet, or any more). Maps to 503 DEPENDENCY.UNAVAILABLE. */
export class DatabaseUnavailableError extends Error {
  constructor(message = 'database is not connected') {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);
/** SQLSTATE: 08 connection exception, 57P01-03 shutdown / cannot connect now, 53300 too many connections, 57014 statement timeout */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300|57014)$/;
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
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
  const nested = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])];
  return nested.some((inner) => isDatabaseUnavailableError(inner, depth + 1));
}
