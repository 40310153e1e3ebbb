// class-transformer's @Type reads design metadata at class definition: load the polyfill wherever this lib is imported.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy } from 'class-validator';
import { EnvVar } from './env-var.decorator';
import { type ServiceDescriptor, type ServiceName } from './service-catalog';
import { IsAddressList } from './address-list.validator';
import { IsUrlWithScheme } from './url.validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** The password every local role uses in development (docker-compose, `npm start`). Never used in production. */
export const DEVELOPMENT_DATABASE_PASSWORD = 'taskhub_dev_password';
/** The key list cursors are signed with in development and tests; public, so a service refuses it in production. */
export const DEVELOPMENT_CURSOR_SIGNING_SECRET = 'development-only-cursor-signing-secret-never-for-production';

/**
 * The variables of the service runtime contract, shared by every service. A service extends it, names itself with
 * `static readonly service`, and may add its own variables. Load it with `loadServiceConfig`.
 */
export abstract class BaseServiceConfig {
  /** which service this is; set by the loader from the subclass, not read from the environment */
  readonly service!: ServiceName;

  @EnvVar('NODE_ENV')
  @IsIn(NODE_ENVS)
  readonly nodeEnv!: NodeEnv;

  @EnvVar('PORT')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  readonly port!: number;

  @EnvVar('HOST')
  @IsString()
  @MinLength(1)
  readonly host!: string;

  @EnvVar('DATABASE_URL', { sensitive: true })
  @IsUrlWithScheme(['postgres:', 'postgresql:'])
  readonly databaseUrl!: string;

  @EnvVar('DATABASE_POOL_MAX')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  readonly databasePoolMax!: number;

  /** server-side statement_timeout of request queries; the client gives up 1 s later (a black-holed database) */
  @EnvVar('DATABASE_STATEMENT_TIMEOUT_MS')
  @Type(() => Number)
  @IsInt()
  @Min(100)
  readonly databaseStatementTimeoutMs!: number;

  /**
   * a streaming replica of DATABASE_URL's database (same database, another server): the task and user services send
   * the reads of GET requests there (docs/read-replicas.md); unset: everything goes to the primary
   */
  @EnvVar('READ_DATABASE_URL', { sensitive: true })
  @IsOptional()
  @IsUrlWithScheme(['postgres:', 'postgresql:'])
  readonly readDatabaseUrl?: string;

  /** pg pool size towards READ_DATABASE_URL (the primary's is DATABASE_POOL_MAX); see docs/performance.md */
  @EnvVar('DATABASE_REPLICA_POOL_MAX')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  readonly databaseReplicaPoolMax!: number;

  /** a replica further behind the primary than this is not read from (reads fall back to the primary) */
  @EnvVar('REPLICA_MAX_LAG_MS')
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  readonly replicaMaxLagMs!: number;

  /** how often each instance compares the replica's replayed WAL position with the primary's */
  @EnvVar('REPLICA_LAG_POLL_MS')
  @Type(() => Number)
  @IsInt()
  @Min(20)
  @Max(5000)
  readonly replicaLagPollMs!: number;

  /**
   * how long a user's last write position is kept (the bound of read-your-writes): longer than REPLICA_MAX_LAG_MS plus
   * a poll, so a replica still allowed to serve has replayed any write older than this
   */
  @EnvVar('READ_YOUR_WRITES_WINDOW_MS')
  @Type(() => Number)
  @IsInt()
  @ValidateBy({
    name: 'longerThanReplicaLag',
    validator: {
      validate: (value: unknown, args) => {
        const config = args?.object as { replicaMaxLagMs?: unknown; replicaLagPollMs?: unknown };
        return typeof value === 'number' && value > Number(config.replicaMaxLagMs) + Number(config.replicaLagPollMs);
      },
      defaultMessage: () => '$property must be longer than REPLICA_MAX_LAG_MS + REPLICA_LAG_POLL_MS',
    },
  })
  readonly readYourWritesWindowMs!: number;

  @EnvVar('REDIS_URL', { sensitive: true })
  @IsUrlWithScheme(['redis:', 'rediss:'])
  readonly redisUrl!: string;

  @EnvVar('REDIS_KEY_PREFIX')
  @IsString()
  @Matches(/^[A-Za-z0-9_:.-]{1,64}$/, { message: '$property must be 1-64 characters of [A-Za-z0-9_:.-]' })
  readonly redisKeyPrefix!: string;

  /** keys every service shares (session revocations), unlike REDIS_KEY_PREFIX, which is the service's own */
  @EnvVar('REDIS_SHARED_KEY_PREFIX')
  @IsString()
  @Matches(/^[A-Za-z0-9_:.-]{1,64}$/, { message: '$property must be 1-64 characters of [A-Za-z0-9_:.-]' })
  readonly redisSharedKeyPrefix!: string;

  /** the longest a cache operation waits for Redis before the read falls through to the database (CacheStore) */
  @EnvVar('CACHE_REDIS_TIMEOUT_MS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  readonly cacheRedisTimeoutMs!: number;

  @EnvVar('RABBITMQ_URL', { sensitive: true })
  @IsUrlWithScheme(['amqp:', 'amqps:'])
  readonly rabbitmqUrl!: string;

  @EnvVar('LOG_LEVEL')
  @IsIn(LOG_LEVELS)
  readonly logLevel!: LogLevel;

  @EnvVar('SHUTDOWN_DRAIN_DELAY_MS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  readonly shutdownDrainDelayMs!: number;

  @EnvVar('SHUTDOWN_TIMEOUT_MS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly shutdownTimeoutMs!: number;

  @EnvVar('LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly loadShedMaxEventLoopDelayMs!: number;

  @EnvVar('LOAD_SHED_MAX_RSS_MB')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly loadShedMaxRssMb!: number;

  /** folder of `<kid>.public.pem` files: the keys access tokens are verified with (rescanned on rotation) */
  @EnvVar('JWT_PUBLIC_KEYS_DIR')
  @IsString()
  @MinLength(1)
  readonly jwtPublicKeysDir!: string;

  /** `iss` of access tokens: the auth service signs with it, every service requires it */
  @EnvVar('JWT_ISSUER')
  @IsString()
  @MinLength(1)
  readonly jwtIssuer!: string;

  /** `aud` of access tokens (Kong's jwt plugin does not check it; the services do) */
  @EnvVar('JWT_AUDIENCE')
  @IsString()
  @MinLength(1)
  readonly jwtAudience!: string;

  /** authenticated requests per user and minute on this service (Kong limits per IP: every token maps to one Kong consumer); 0 turns it off */
  @EnvVar('USER_RATE_LIMIT_PER_MINUTE')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  readonly userRateLimitPerMinute!: number;

  /**
   * The gateway's addresses: a request's immediate peer in this list is believed when its X-Real-IP names the client
   * (the address Kong resolved); from anyone else the peer is the client. X-Forwarded-For is never read. Addresses,
   * CIDR ranges, or loopback/linklocal/uniquelocal.
   */
  @EnvVar('TRUSTED_PROXIES')
  @IsString()
  @IsAddressList()
  readonly trustedProxies!: string;

  /** HMAC-SHA256 key of the opaque list cursors (`PageCursors`): a client cannot forge one or carry it to another query */
  @EnvVar('CURSOR_SIGNING_SECRET', { sensitive: true })
  @IsString()
  @MinLength(32)
  readonly cursorSigningSecret!: string;
}

/** Where `npm start` keeps the development signing keys (git-ignored; generated on first start). */
export const DEVELOPMENT_JWT_KEYS_DIR = '.taskhub/jwt-keys';

/** Development defaults of the runtime contract for one service: they work on a developer machine with no .env. */
export function serviceConfigDefaults(descriptor: ServiceDescriptor): Readonly<Record<string, string>> {
  return {
    NODE_ENV: 'development',
    PORT: String(descriptor.port),
    HOST: '0.0.0.0',
    DATABASE_URL: `postgres://${descriptor.database}:${DEVELOPMENT_DATABASE_PASSWORD}@127.0.0.1:5432/${descriptor.database}`,
    DATABASE_POOL_MAX: '10',
    DATABASE_STATEMENT_TIMEOUT_MS: '5000',
    DATABASE_REPLICA_POOL_MAX: '10',
    REPLICA_MAX_LAG_MS: '5000',
    REPLICA_LAG_POLL_MS: '100',
    READ_YOUR_WRITES_WINDOW_MS: '30000',
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `taskhub:${descriptor.name}:`,
    REDIS_SHARED_KEY_PREFIX: 'taskhub:shared:',
    CACHE_REDIS_TIMEOUT_MS: '100',
    RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672/',
    LOG_LEVEL: 'info',
    SHUTDOWN_DRAIN_DELAY_MS: '0',
    SHUTDOWN_TIMEOUT_MS: '10000',
    LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '500',
    LOAD_SHED_MAX_RSS_MB: '1536',
    JWT_PUBLIC_KEYS_DIR: DEVELOPMENT_JWT_KEYS_DIR,
    JWT_ISSUER: 'taskhub-auth',
    JWT_AUDIENCE: 'taskhub-api',
    USER_RATE_LIMIT_PER_MINUTE: '600',
    TRUSTED_PROXIES: 'loopback',
    CURSOR_SIGNING_SECRET: DEVELOPMENT_CURSOR_SIGNING_SECRET,
    // read only by the services with workers (ServiceWithWorkersConfig): one process runs everything
    PROCESS_ROLE: 'all',
  };
}
