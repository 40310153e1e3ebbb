import { stdoutLogDestination } from '@taskhub/platform-logging';
import pino, { type DestinationStream, type Logger } from 'pino';

export type GatewayLogger = Logger;

/**
 * JSON lines on stdout, like the services; `name` tells which part of the gateway wrote the line. Written as the
 * services write theirs (`stdoutLogDestination` of @taskhub/platform-logging: asynchronous, one write per 4 KiB or
 * 100 ms; one blocking write per access-log line was the gateway's largest frame under load, docs/performance.md
 * "Read path"); pino flushes what is pending synchronously when the process exits, so only a process killed outright
 * (SIGKILL) can lose its last lines.
 */
export function createGatewayLogger(level: string, destination?: DestinationStream): GatewayLogger {
  const options = {
    level,
    base: { service: 'gateway' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: ['config.redis.password', 'password'], censor: '[REDACTED]' },
  };
  return pino(options, destination ?? stdoutLogDestination());
}
