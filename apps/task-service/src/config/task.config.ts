import { BaseServiceConfig, EnvVar, type ServiceName } from '@taskhub/platform-config';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/** Configuration of the task service: the runtime contract (defaults from SERVICE_CATALOG['task']) plus its own variables. */
export class TaskServiceConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'task';

  /** development defaults of the task service's own variables (docs/projects.md, "Caching") */
  static readonly defaults = {
    MEMBERSHIP_CACHE_TTL_SECONDS: '300',
    MEMBERSHIP_LRU_MAX_ENTRIES: '10000',
    MEMBERSHIP_LRU_TTL_SECONDS: '30',
    LIST_CACHE_TTL_SECONDS: '300',
    STATS_CACHE_TTL_SECONDS: '50',
    CACHE_WARM_ACTIVE_HOURS: '24',
    CACHE_WARM_MAX_PROJECTS: '50',
    CACHE_WARM_TIMEOUT_MS: '5000',
  };

  /** membership checks (project and role) in Redis; invalidated on every change, so the TTL only bounds memory */
  @EnvVar('MEMBERSHIP_CACHE_TTL_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly membershipCacheTtlSeconds!: number;

  /** membership entries each instance keeps in-process */
  @EnvVar('MEMBERSHIP_LRU_MAX_ENTRIES')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly membershipLruMaxEntries!: number;

  /** the longest an in-process membership entry lives: the bound if an invalidation message is lost */
  @EnvVar('MEMBERSHIP_LRU_TTL_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(300)
  readonly membershipLruTtlSeconds!: number;

  /** first pages of the default list, board and my-work (keyed by generations: the TTL only bounds memory) */
  @EnvVar('LIST_CACHE_TTL_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly listCacheTtlSeconds!: number;

  /** project stats; overdue and doneLastNDays depend on the clock: at most 54 s, so with the +10 % jitter under a minute */
  @EnvVar('STATS_CACHE_TTL_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(54)
  readonly statsCacheTtlSeconds!: number;

  /** warming at startup: projects with activity in this many last hours */
  @EnvVar('CACHE_WARM_ACTIVE_HOURS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  readonly cacheWarmActiveHours!: number;

  /** warming at startup: at most this many projects, most recently active first (0: no warming) */
  @EnvVar('CACHE_WARM_MAX_PROJECTS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  readonly cacheWarmMaxProjects!: number;

  /** warming at startup stops after this long; readiness waits for it at most that long */
  @EnvVar('CACHE_WARM_TIMEOUT_MS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60000)
  readonly cacheWarmTimeoutMs!: number;
}
