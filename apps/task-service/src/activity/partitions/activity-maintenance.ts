import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { servesApi } from '@taskhub/platform-config';
import { PeriodicJob } from '@taskhub/platform-health';
import { TaskServiceConfig } from '../../config/task.config';
import { ActivityArchiver } from './activity-archiver';
import { ActivityPartitions } from './activity-partitions';

/**
 * The activity history's upkeep in every instance: partitions ahead at startup (before the instance serves), then
 * every ACTIVITY_MAINTENANCE_INTERVAL_MS partitions ahead and, if ACTIVITY_ARCHIVE_IN_SERVICE, the archiving of old
 * months (otherwise a scheduled `activity-admin archive` does it: the Kubernetes CronJob). Failures are logged and
 * retried next time: an insert never depends on it (the default partition takes rows of a missing month).
 */
@Injectable()
export class ActivityMaintenance implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ActivityMaintenance.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly partitions: ActivityPartitions,
    private readonly archiver: ActivityArchiver,
    private readonly config: TaskServiceConfig,
  ) {
    this.job = new PeriodicJob(() => this.maintain(), {
      intervalMs: config.activityMaintenanceIntervalMs,
      onError: (error) => this.logger.error(`activity maintenance failed (retried in ${config.activityMaintenanceIntervalMs} ms): ${String(error)}`),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!servesApi(this.config)) return; // an api process's job (PROCESS_ROLE api or all)
    await this.partitions.ensure().catch((error: unknown) => this.logger.error(`activity partitions not created at startup: ${String(error)}`));
    if (!this.config.activityArchiveInService) this.logger.log('activity archiving left to `activity-admin archive` (ACTIVITY_ARCHIVE_IN_SERVICE=false)');
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    const stopping = this.job.stop(); // no more rounds from now on
    this.archiver.stop();
    await stopping;
  }

  /** One scheduled run (skipped while the previous one still runs). */
  tick(): Promise<void> {
    return this.job.tick();
  }

  private async maintain(): Promise<void> {
    await this.partitions.ensure();
    if (this.config.activityArchiveInService) await this.archiver.run();
  }
}
