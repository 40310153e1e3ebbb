import pino, { type DestinationStream, type Logger } from 'pino';
import { currentRequestContext, requestContextLogFields } from './request-context';

export type { Logger as PinoLogger, DestinationStream } from 'pino';

export interface RootLoggerOptions {
  /** short service name, written as `service` on every line */
  readonly service: string;
  readonly level: string;
  /** where JSON lines go (default: stdout, synchronous so nothing is lost on exit) */
  readonly destination?: DestinationStream;
}

/** Paths removed from every log line: credentials in headers and any password field, however deep (up to 3 levels). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  '*.password',
  '*.*.password',
  'newPassword',
  '*.newPassword',
  'currentPassword',
  '*.currentPassword',
];

/**
 * The one pino logger of a service process. JSON lines with ISO time, level as a label, `service`, and, on every line
 * written while serving a request or applying an event (the async request context), its `correlationId`, `traceId`
 * and `spanId`, and for an event its `eventId` and `causationId`.
 */
export function createRootLogger(options: RootLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
      mixin: () => requestContextLogFields(currentRequestContext()),
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
