export * from './dependency-indicators';
export * from './health.controller';
export * from './health.module';
export * from './service-lifecycle';
export * from './periodic-job';
