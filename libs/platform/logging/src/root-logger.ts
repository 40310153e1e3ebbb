import pino, { type DestinationStream, type Logger } from 'pino';
import { redactSecrets } from './redact-secrets';
import { currentRequestContext, requestContextLogFields } from './request-context';

export type { Logger as PinoLogger, DestinationStream } from 'pino';

export interface RootLoggerOptions {
  /** short service name, written as `service` on every line */
  readonly service: string;
  readonly level: string;
  /** where JSON lines go (default: stdout through an asynchronous pino destination, `stdoutLogDestination`) */
  readonly destination?: DestinationStream;
}

/**
 * The one pino logger of a service process. JSON lines with ISO time, level as a label, `service`, and, on every line
 * written while serving a request or applying an event (the async request context), its `correlationId`, `traceId`
 * and `spanId`, and for an event its `eventId` and `causationId`.
 *
 * Secrets are redacted at any depth by `formatters.log` (redactSecrets: every key that names a secret, such as
 * `password`, `refreshToken`, `apiKey`, `authorization`, `cookie`), not by pino's `redact` paths, which need each
 * depth spelled out (`*.*.password`) and so missed deeper ones and every other name. A child logger's bindings are
 * not log fields (pino writes them once, unformatted): bind ids, never secrets.
 */
export function createRootLogger(options: RootLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactSecrets(fields) as Record<string, unknown>,
      },
      // formatters.log has already turned errors into pino's serialized form (redacted); serializing again would
      // rename their type to "Object"
      serializers: { err: (value: unknown) => value },
      mixin: () => requestContextLogFields(currentRequestContext()),
    },
    options.destination ?? stdoutLogDestination(),
  );
}

/** Lines are written once this many bytes wait (about ten access-log lines), ... */
export const LOG_BUFFER_BYTES = 4096;
/** ... or when this many milliseconds have passed, whichever comes first: a quiet process's lines wait no longer. */
export const LOG_FLUSH_INTERVAL_MS = 100;

/**
 * Stdout for JSON lines, written asynchronously and buffered (LOG_BUFFER_BYTES, LOG_FLUSH_INTERVAL_MS): one `write(2)`
 * for many lines instead of one blocking write per line (the access log's line per request was the gateway's largest
 * frame under load, docs/performance.md "Read path"). pino flushes what is pending synchronously when the process
 * exits (`process.exit`, an uncaught exception, the end of the event loop), so only a process killed outright
 * (SIGKILL, a native crash) can lose its last lines.
 */
export function stdoutLogDestination(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_INTERVAL_MS });
}
