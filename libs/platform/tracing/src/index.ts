export * from './traceparent';
export * from './tracing-settings';
export * from './start-tracing';
export * from './spans';
export { isUntracedPath } from './untraced-requests';
