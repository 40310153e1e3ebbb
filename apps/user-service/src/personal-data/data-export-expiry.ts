import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { errorMessage, PeriodicJob } from '@taskhub/platform-health';
import { DataSource } from 'typeorm';
import { UserServiceConfig } from '../config/user.config';
import { DataExportRepository } from './data-export.repository';

/** exports deleted per transaction (each with its archive, parts and pieces) */
export const DELETE_EXPORTS = 20;

/**
 * Every USER_DATA_EXPORT_EXPIRY_SCAN_INTERVAL_MS: deletes the exports past their expiry (complete ones 24 hours after
 * completion, running ones 24 hours after they were asked for), archive bytes and all. Until then an expired export
 * reads `expired` and its archive answers 410; afterwards 404. SKIP LOCKED: instances share the work.
 */
@Injectable()
export class DataExportExpiry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DataExportExpiry.name);
  private readonly job: PeriodicJob;

  constructor(
    config: UserServiceConfig,
    private readonly dataSource: DataSource,
    private readonly exports: DataExportRepository,
  ) {
    this.job = new PeriodicJob(() => this.run(), {
      intervalMs: config.dataExportExpiryScanIntervalMs,
      onError: (error) => this.logger.warn(`personal data export expiry failed: ${errorMessage(error)}`),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** Deletes what is due; the number of exports deleted. */
  async run(now: Date = new Date()): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = await this.dataSource.transaction((manager) => this.exports.deleteExpired(manager, now, DELETE_EXPORTS));
      deleted += batch;
      if (batch < DELETE_EXPORTS) return deleted;
    }
  }
}
