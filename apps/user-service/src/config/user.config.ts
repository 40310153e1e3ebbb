import { BaseServiceConfig, EnvVar, type ServiceName } from '@taskhub/platform-config';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

/**
 * Configuration of the user service: the runtime contract (defaults from SERVICE_CATALOG['user']) plus its own
 * variables; the personal data export's are described in docs/personal-data.md.
 */
export class UserServiceConfig extends BaseServiceConfig {
  static readonly service: ServiceName = 'user';

  static readonly defaults = {
    USER_DATA_EXPORT_TTL_HOURS: '24',
    USER_DATA_EXPORT_EXPIRY_SCAN_INTERVAL_MS: '600000',
  };

  /**
   * how long a complete personal data export can be downloaded before the sweep deletes it; an export still running
   * this long after it was asked for (a service never answered) is deleted too
   */
  @EnvVar('USER_DATA_EXPORT_TTL_HOURS')
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 7)
  readonly dataExportTtlHours!: number;

  /** how often an instance deletes the exports past their expiry (0: never) */
  @EnvVar('USER_DATA_EXPORT_EXPIRY_SCAN_INTERVAL_MS')
  @Type(() => Number)
  @IsInt()
  @Min(0)
  readonly dataExportExpiryScanIntervalMs!: number;
}
