import { BaseServiceConfig, EnvVar, type ServiceName } from '@taskhub/platform-config';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';

/** Where archived activity months go in development (git-ignored, like the development keys). */
export const DEVELOPMENT_ACTIVITY_ARCHIVE_DIR = '.taskhub/activity-archive';

/**
 * Configuration of the task service: the runtime contract (defaults from SERVICE_CATALOG['task']) plus its own
 * variables. Defaults are the development ones; the activity maintenance is described in docs/operations.md.
 */
export class TaskServiceConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'task';

  static readonly defaults = {
    ACTIVITY_PARTITIONS_AHEAD_MONTHS: '3',
    ACTIVITY_RETENTION_MONTHS: '12',
    ACTIVITY_ARCHIVE_DIR: DEVELOPMENT_ACTIVITY_ARCHIVE_DIR,
    ACTIVITY_MAINTENANCE_INTERVAL_MS: String(60 * 60_000),
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

  /** where archived months are written (`activity-YYYY-MM.ndjson.gz`); a persistent volume in production */
  @EnvVar('ACTIVITY_ARCHIVE_DIR')
  @IsString()
  @MinLength(1)
  readonly activityArchiveDir!: string;

  /** how often an instance creates partitions ahead and archives old months (after it creates them at startup) */
  @EnvVar('ACTIVITY_MAINTENANCE_INTERVAL_MS')
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  readonly activityMaintenanceIntervalMs!: number;
}
