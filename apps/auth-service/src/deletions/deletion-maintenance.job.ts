import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { errorMessage, PeriodicJob } from '@taskhub/platform-health';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { AuthServiceConfig } from '../config/auth.config';
import { AccountDeletionRepository } from './account-deletion.repository';
import { isStuck } from './deletion-saga';

const PURGE_BATCH = 500;

/**
 * Every AUTH_DELETION_MAINTENANCE_INTERVAL_SECONDS: refreshes `account_deletions_stuck` (running deletions with a step
 * asked more than AUTH_DELETION_STUCK_AFTER_SECONDS ago and not reported; the DeletionStuck alert fires on it) and
 * purges completed deletions older than AUTH_DELETION_RETENTION_DAYS. Every instance computes the same gauge; the
 * purge is idempotent, so instances need no lock.
 */
@Injectable()
export class DeletionMaintenanceJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeletionMaintenanceJob.name);
  private readonly job: PeriodicJob;
  private readonly stuck: Gauge;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deletions: AccountDeletionRepository,
    private readonly config: AuthServiceConfig,
    metrics: ServiceMetrics,
  ) {
    this.stuck = new Gauge({
      name: 'account_deletions_stuck',
      help: 'Account deletions with a step asked longer than AUTH_DELETION_STUCK_AFTER_SECONDS ago and not reported',
      registers: [metrics.registry],
    });
    this.job = new PeriodicJob(() => this.runOnce(), {
      intervalMs: config.deletionMaintenanceIntervalSeconds * 1000,
      onError: (error) => this.logger.warn(`deletion maintenance failed, retried next round: ${errorMessage(error)}`),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One round now (tests, and the first scrape after a resume). */
  tick(): Promise<void> {
    return this.job.tick();
  }

  private async runOnce(): Promise<void> {
    const manager = this.dataSource.manager;
    const now = new Date();
    const running = await this.deletions.running(manager);
    this.stuck.set(running.filter((d) => isStuck(d, now, this.config.deletionStuckAfterSeconds * 1000)).length);
    let purged = 0;
    for (let n = PURGE_BATCH; n === PURGE_BATCH; purged += n) n = await this.deletions.purgeCompleted(manager, this.config.deletionRetentionDays, PURGE_BATCH);
    if (purged > 0) this.logger.log(`purged ${purged} deletion(s) completed over ${this.config.deletionRetentionDays} days ago`);
  }
}
