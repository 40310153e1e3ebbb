export * from './delivery-report';
export * from './fault-proxy';
export * from './health';
export * from './integration-env';
export * from './test-names';
export * from './wait-for';
