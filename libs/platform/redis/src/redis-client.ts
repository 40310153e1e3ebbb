import { Logger } from '@nestjs/common';
import Redis from 'ioredis';

export interface RedisClientOptions {
  readonly url: string;
  /** prepended to every key (REDIS_KEY_PREFIX) */
  readonly keyPrefix: string;
  /** shown in CLIENT LIST, e.g. task-service */
  readonly connectionName: string;
}

const RECONNECT_MAX_DELAY_MS = 5000;

/** Backoff between reconnect attempts: 100 ms, 200 ms, ... capped at 5 s, forever (never gives up). */
export function redisReconnectDelay(attempt: number): number {
  return Math.min(RECONNECT_MAX_DELAY_MS, 100 * 2 ** Math.min(attempt - 1, 10));
}

/**
 * The service's Redis client, tuned to fail fast while Redis is down (callers fall back, e.g. the cache falls through):
 * no offline queue, one retry per command, a 1 s command timeout; reconnects forever with capped backoff.
 */
export function createRedisClient(options: RedisClientOptions): Redis {
  const logger = new Logger('Redis');
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    connectionName: options.connectionName,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1000,
    keepAlive: 10_000,
    lazyConnect: false,
    retryStrategy: redisReconnectDelay,
  });
  // Log state changes, not every failed reconnect attempt.
  let wasReady = false;
  client.on('ready', () => {
    wasReady = true;
    logger.log('redis connected');
  });
  client.on('error', (error: Error) => {
    if (wasReady) logger.warn(`redis connection lost: ${error.message}`);
    wasReady = false;
  });
  return client;
}

/** PING with a deadline; rejects at once when not connected (no offline queue). */
export async function pingRedis(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status !== 'ready') throw new Error(`redis connection is ${client.status}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to PING within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([client.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** QUIT politely, or drop the connection if Redis does not answer within `timeoutMs`. */
export async function closeRedis(client: Redis, timeoutMs = 1000): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect(false);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([client.quit(), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  } catch {
    // closing anyway
  } finally {
    clearTimeout(timer);
    client.disconnect(false);
  }
}
