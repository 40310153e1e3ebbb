export * from './service-catalog';
export * from './base-service.config';
export * from './env-var.decorator';
export * from './load-service-config';
export * from './url.validator';
export * from './address-list.validator';
export * from './development-credentials';
export * from './process-role';
