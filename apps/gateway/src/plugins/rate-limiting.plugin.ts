import Redis from 'ioredis';
import { type ConnectTo } from '../config/gateway-env';
import { type RateLimitingConfig } from '../config/gateway-config';
import { resolveVaultReference } from '../config/vault-reference';
import { type GatewayLogger } from '../logging/gateway-logger';
import { decide, PERIOD_SECONDS, windowStart, type RateLimitDecision } from './rate-limit-windows';

/** Kong keys global-plugin counters with the empty UUID for route and service. */
const EMPTY_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Reads every period's counter and, unless one is exhausted, increments them all, in one atomic round trip.
 * Kong does the same in two steps (GET, then INCRBY + EXPIRE in a timer); refused requests are not counted in both.
 */
const CHECK_AND_INCREMENT = `
local n = #KEYS
local used = {}
local stop = false
for i = 1, n do
  local v = tonumber(redis.call('GET', KEYS[i]) or '0')
  used[i] = v
  if tonumber(ARGV[i]) - v <= 0 then stop = true end
end
if not stop then
  for i = 1, n do
    if redis.call('INCRBY', KEYS[i], 1) == 1 then redis.call('EXPIRE', KEYS[i], ARGV[n + i]) end
  end
end
return used
`;

type RateLimitRedis = Redis & {
  kongRateLimit(...args: (string | number)[]): Promise<number[]>;
};

export type RateLimitOutcome =
  | { readonly kind: 'decided'; readonly decision: RateLimitDecision }
  /** Redis failed and fault_tolerant is true: proxy without limiting (nothing to add to the response) */
  | { readonly kind: 'skipped' }
  /** Redis failed and fault_tolerant is false: Kong answers 500 */
  | { readonly kind: 'failed' };

/** Kong's rate-limiting plugin with policy redis and limit_by ip, for a global plugin. */
export class RateLimitingPlugin {
  private readonly redis: RateLimitRedis;
  private readonly expirations: string[];
  private lastErrorLogAt = 0;
  private suppressedErrors = 0;

  constructor(
    readonly config: RateLimitingConfig,
    private readonly keyPrefix: string,
    connectTo: ConnectTo,
    private readonly logger: GatewayLogger,
    vaultEnv: Readonly<Record<string, string | undefined>>,
  ) {
    const where = 'plugin "rate-limiting" config.redis';
    const addresses = connectTo(config.redis.host, config.redis.port);
    if (addresses.length !== 1) {
      throw new Error(`${where}: GATEWAY_CONNECT_TO maps ${config.redis.host}:${config.redis.port} to ${addresses.length} addresses; Redis takes one`);
    }
    const [address] = addresses;
    this.redis = new Redis({
      host: address.host,
      port: address.port,
      db: config.redis.database,
      username: resolveVaultReference(config.redis.username, vaultEnv, `${where}.username`),
      password: resolveVaultReference(config.redis.password, vaultEnv, `${where}.password`),
      connectTimeout: Math.max(config.redis.timeoutMs, 1),
      commandTimeout: Math.max(config.redis.timeoutMs, 1),
      // an outage must fail requests' checks at once, not queue them: with fault_tolerant they are then proxied
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(times * 200, 2000),
      lazyConnect: false,
    }) as RateLimitRedis;
    this.redis.defineCommand('kongRateLimit', { numberOfKeys: config.limits.length, lua: CHECK_AND_INCREMENT });
    this.redis.on('error', (error: Error) => this.logRedisError('rate-limiting: Redis connection error', error));
    this.expirations = config.limits.map((l) => String(PERIOD_SECONDS[l.period]));
  }

  /**
   * Waits (bounded) for the first Redis connection so the first requests after a start are counted; if Redis is not
   * there the gateway still starts and the plugin behaves as configured (fault_tolerant) until it is.
   */
  async waitUntilConnected(maxWaitMs: number): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        this.logger.warn({ plugin: 'rate-limiting', waitedMs: maxWaitMs }, 'Redis not reachable at start; continuing');
        resolve(false);
      }, maxWaitMs);
      const onReady = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.redis.once('ready', onReady);
    });
  }

  async check(identifier: string, nowMs: number): Promise<RateLimitOutcome> {
    const limits = this.config.limits;
    const args: (string | number)[] = [];
    for (const l of limits) {
      args.push(`${this.keyPrefix}ratelimit:${EMPTY_UUID}:${EMPTY_UUID}:${identifier}:${windowStart(l.period, nowMs)}:${l.period}`);
    }
    for (const l of limits) args.push(l.limit);
    for (const e of this.expirations) args.push(e);
    let used: number[];
    try {
      used = await this.redis.kongRateLimit(...args);
    } catch (error) {
      this.logRedisError('failed to get usage', error);
      return this.config.faultTolerant ? { kind: 'skipped' } : { kind: 'failed' };
    }
    const usages = limits.map((l, i) => ({ period: l.period, limit: l.limit, used: Number(used[i]) }));
    return { kind: 'decided', decision: decide(usages, nowMs, this.config.hideClientHeaders) };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    return Promise.resolve();
  }

  /** Kong logs every failure; under load that would flood stdout, so at most one line a second with a count. */
  private logRedisError(message: string, error: unknown): void {
    const now = Date.now();
    if (now - this.lastErrorLogAt < 1000) {
      this.suppressedErrors++;
      return;
    }
    this.logger.error(
      {
        plugin: 'rate-limiting',
        err: error instanceof Error ? { message: error.message } : String(error),
        faultTolerant: this.config.faultTolerant,
        suppressedSinceLast: this.suppressedErrors,
      },
      `${message}${this.config.faultTolerant ? ' (fault_tolerant: request proxied without rate limiting)' : ''}`,
    );
    this.lastErrorLogAt = now;
    this.suppressedErrors = 0;
  }
}
