export * from './bootstrap-service';
export * from './create-service-app';
export * from './graceful-shutdown';
export * from './load-shedding';
export * from './platform.module';
export * from './request-hooks';
export type { FastifyInstance } from './fastify-types';
