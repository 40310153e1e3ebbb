export * from './cache.module';
export * from './cache-store';
export type { CachedNamespace, SharedCachedNamespace } from './cached-namespace';
export type { CacheResult } from './cache-metrics';
export type { GenerationCounter } from './generation-counter';
export type { LocalLayerOptions, TieredCachedNamespace } from './tiered-namespace';
