export * from './fault-proxy';
export * from './integration-env';
export * from './test-names';
export * from './wait-for';
