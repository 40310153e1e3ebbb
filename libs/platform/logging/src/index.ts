export * from './correlation-id';
export * from './request-context';
export * from './root-logger';
export * from './pino-nest-logger';
export * from './redact-secrets';
