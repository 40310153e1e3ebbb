import pino, { type DestinationStream, type Logger } from 'pino';

export type GatewayLogger = Logger;

/** JSON lines on stdout, like the services; `name` tells which part of the gateway wrote the line. */
export function createGatewayLogger(level: string, destination?: DestinationStream): GatewayLogger {
  const options = {
    level,
    base: { service: 'gateway' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: ['config.redis.password', 'password'], censor: '[REDACTED]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
