export * from './domain.exception';
export * from './error-codes';
export * from './error-response';
export * from './error-response.dto';
export * from './global-exception.filter';
export * from './original-error';
export * from './validation-exception.factory';
