export * from './exposition';
export * from './external-metrics';
export * from './observability-files';
export * from './promql-metrics';
