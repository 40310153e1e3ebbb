export * from './delivery-report';
export * from './fault-proxy';
export * from './health';
export * from './integration-env';
export * from './log-capture';
export * from './scratch-database';
export * from './test-names';
export * from './wait-for';
