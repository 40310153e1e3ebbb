export * from './amqp-connection';
export * from './messaging.module';
