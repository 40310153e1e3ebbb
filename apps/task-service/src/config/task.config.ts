import { EnvVar, type ServiceName, ServiceWithWorkersConfig } from '@taskhub/platform-config';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

/** Where archived activity months go in development (git-ignored, like the development keys). */
export const DEVELOPMENT_ACTIVITY_ARCHIVE_DIR = '.taskhub/activity-archive';

/**
 * Configuration of the task service: the runtime contract (defaults from SERVICE_CATALOG['task']) plus its own
 * variables. Defaults are the development ones; the activity maintenance is described in docs/operations.md, exports
 * and reminders in docs/tasks.md.
 */
export class TaskServiceConfig extends ServiceWithWorkersConfig {
  static readonly service: ServiceName = 'task';

  static readonly defaults = {
    ACTIVITY_PARTITIONS_AHEAD_MONTHS: '3',
    ACTIVITY_RETENTION_MONTHS: '12',
    ACTIVITY_ARCHIVE_DIR: DEVELOPMENT_ACTIVITY_ARCHIVE_DIR,
    ACTIVITY_MAINTENANCE_INTERVAL_MS: String(60 * 60_000),
    ACTIVITY_ARCHIVE_IN_SERVICE: 'true',
    TASK_DUE_REMINDER_SCAN_INTERVAL_MS: '60000',
    TASK_EXPORT_QUEUE: 'task.exports',
    TASK_EXPORT_TTL_HOURS: '24',
    TASK_EXPORT_POOL_MAX: '3',
    TASK_EXPORT_PREFETCH: '1',
    TASK_EXPORT_STATEMENT_TIMEOUT_MS: '1800000',
    TASK_EXPORT_EXPIRY_SCAN_INTERVAL_MS: '600000',
    MEMBERSHIP_CACHE_TTL_SECONDS: '300',
    MEMBERSHIP_LRU_MAX_ENTRIES: '10000',
    MEMBERSHIP_LRU_TTL_SECONDS: '30',
    LIST_CACHE_TTL_SECONDS: '300',
    CACHE_REFRESH_WINDOW_SECONDS: '60',
    CACHE_REFRESH_MAX_FILTERED_SHAPES: '8',
    STATS_CACHE_TTL_SECONDS: '50',
    CACHE_WARM_ACTIVE_HOURS: '24',
    CACHE_WARM_MAX_PROJECTS: '50',
    CACHE_WARM_TIMEOUT_MS: '5000',
  };

  /** month partitions of the activity history kept ready beyond the current month */
  @EnvVar('ACTIVITY_PARTITIONS_AHEAD_MONTHS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24)
  readonly activityPartitionsAheadMonths!: number;

  /** full months of history kept in the database before the current one; older months are archived and dropped */
  @EnvVar('ACTIVITY_RETENTION_MONTHS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly activityRetentionMonths!: number;

  /** where archived months are written (`activity-YYYY-MM.ndjson.gz`); a persistent, backed-up volume in production */
  @EnvVar('ACTIVITY_ARCHIVE_DIR')
  @IsString()
  @MinLength(1)
  readonly activityArchiveDir!: string;

  /** how often an instance creates partitions ahead, and archives old months if ACTIVITY_ARCHIVE_IN_SERVICE (after startup) */
  @EnvVar('ACTIVITY_MAINTENANCE_INTERVAL_MS')
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  readonly activityMaintenanceIntervalMs!: number;

  /**
   * whether this instance's maintenance also archives old months (to its own ACTIVITY_ARCHIVE_DIR); false where the
   * instances have no shared persistent disk and a scheduled job runs `activity-admin archive` instead (Kubernetes)
   */
  @EnvVar('ACTIVITY_ARCHIVE_IN_SERVICE')
  @Transform(toBoolean)
  @IsBoolean()
  readonly activityArchiveInService!: boolean;

  /** how often an instance looks for tasks due within 24 hours or 1 hour (0: never, e.g. a worker without reminders) */
  @EnvVar('TASK_DUE_REMINDER_SCAN_INTERVAL_MS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  readonly dueReminderScanIntervalMs!: number;

  /** the exports' queue: one per deployment (its instances share the work); integration specs give each spec its own */
  @EnvVar('TASK_EXPORT_QUEUE')
  @Matches(/^task\.[a-z][a-z0-9-]*$/, { message: 'TASK_EXPORT_QUEUE must be task.<purpose> in lower case' })
  readonly exportQueue!: string;

  /** how long a ready export can be downloaded before its file is deleted from the database */
  @EnvVar('TASK_EXPORT_TTL_HOURS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  readonly exportTtlHours!: number;

  /**
   * connections of the exports' own pool: per export in progress, the consumer's inbox transaction with the cursor and
   * the transaction writing the file; one more for the progress updates (raised to 2 × TASK_EXPORT_PREFETCH + 1)
   */
  @EnvVar('TASK_EXPORT_POOL_MAX')
  @Type(() => Number)
  @IsInt()
  @Min(3)
  @Max(10)
  readonly exportPoolMax!: number;

  /** exports one instance writes at a time (the prefetch of queue task.exports) */
  @EnvVar('TASK_EXPORT_PREFETCH')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  readonly exportPrefetch!: number;

  /**
   * statement_timeout of the exports' pool: it bounds a whole export (a cursor read through the extended protocol is
   * timed as one statement until its Sync, however many batches it fetches)
   */
  @EnvVar('TASK_EXPORT_STATEMENT_TIMEOUT_MS')
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  readonly exportStatementTimeoutMs!: number;

  /** how often an instance deletes the files of exports past their TTL (0: never) */
  @EnvVar('TASK_EXPORT_EXPIRY_SCAN_INTERVAL_MS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  readonly exportExpiryScanIntervalMs!: number;

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

  /**
   * refresh-ahead: after a change, the cached shapes of the project read in this instance within this many seconds are
   * loaded again at once under the new generation (0: never; readers then load them)
   */
  @EnvVar('CACHE_REFRESH_WINDOW_SECONDS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3600)
  readonly cacheRefreshWindowSeconds!: number;

  /**
   * refresh-ahead of filtered lists: per project and instance, at most this many filtered first pages (the most
   * recently read within CACHE_REFRESH_WINDOW_SECONDS) are loaded again after a change; the others miss once (0: none)
   */
  @EnvVar('CACHE_REFRESH_MAX_FILTERED_SHAPES')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100)
  readonly cacheRefreshMaxFilteredShapes!: number;

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
