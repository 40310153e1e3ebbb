export * from './service-runtime-suite';
export * from './service-under-test';
