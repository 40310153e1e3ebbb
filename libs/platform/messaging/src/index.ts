export * from './amqp-connection';
export * from './messaging.module';
export * from './topology';
export * from './outbox/create-outbox.migration';
export * from './outbox/outbox-relay';
export * from './outbox/outbox-writer';
