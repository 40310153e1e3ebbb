import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { servesApi } from '@taskhub/platform-config';
import { errorMessage, PeriodicJob } from '@taskhub/platform-health';
import { DataSource } from 'typeorm';
import { NotificationServiceConfig } from '../config/notification.config';
import { TaskWatchRepository } from '../task-watch/task-watch.repository';
import { NotificationRepository } from './notification.repository';

/** The session advisory lock only one instance's purge holds at a time (any constant unique in this database). */
const PURGE_LOCK_KEY = 7_970_100_001;

/**
 * Every NOTIFICATION_PURGE_INTERVAL_SECONDS: deletes notifications read more than NOTIFICATION_PURGE_READ_AFTER_DAYS
 * ago, then forgets tasks whose deletion can no longer be undone, in batches of NOTIFICATION_PURGE_BATCH_SIZE (each
 * its own short transaction). Several instances: whoever holds the advisory lock purges, the others skip that round.
 */
@Injectable()
export class NotificationPurgeJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationPurgeJob.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly watch: TaskWatchRepository,
    private readonly config: NotificationServiceConfig,
  ) {
    this.job = new PeriodicJob(
      async () => {
        const purged = await this.runOnce();
        if (purged !== null && purged.notifications + purged.tasks > 0) this.logger.log(`purged ${purged.notifications} read notification(s), ${purged.tasks} deleted task(s)`);
      },
      { intervalMs: config.purgeIntervalSeconds * 1000, onError: (error) => this.logger.warn(`purge failed, retried next round: ${errorMessage(error)}`) },
    );
  }

  onApplicationBootstrap(): void {
    if (servesApi(this.config)) this.job.start(); // with the inbox it purges, in the api processes
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One round; null when another instance holds the lock. */
  async runOnce(): Promise<{ notifications: number; tasks: number } | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [lock] = (await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [PURGE_LOCK_KEY])) as { locked: boolean }[];
      if (!lock.locked) return null;
      try {
        const { purgeBatchSize: batch, purgeReadAfterDays: days } = this.config;
        const notifications = await this.inBatches(batch, () => this.notifications.purgeRead(this.dataSource.manager, days, batch));
        const tasks = await this.inBatches(batch, () => this.watch.purgeDeleted(this.dataSource.manager, batch));
        return { notifications, tasks };
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [PURGE_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  private async inBatches(batch: number, deleteBatch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (let deleted = batch; deleted === batch; total += deleted) deleted = await deleteBatch();
    return total;
  }
}
