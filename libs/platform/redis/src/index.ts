export * from './lua-script';
export * from './redis-client';
export * from './redis.module';
export type { default as Redis } from 'ioredis';
export * from './redis-access';
