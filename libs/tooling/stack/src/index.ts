export * from './infrastructure';
export * from './infrastructure-env';
export * from './postgres-provisioning';
export * from './process-supervisor';
export * from './rabbitmq-vhost';
export * from './redis-cleanup';
export * from './sql-identifiers';
export * from './test-run';
