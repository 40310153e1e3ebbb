export * from './service-runtime-suite';
