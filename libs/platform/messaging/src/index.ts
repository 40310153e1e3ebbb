export * from './amqp-connection';
export * from './messaging.module';
export * from './topology';
