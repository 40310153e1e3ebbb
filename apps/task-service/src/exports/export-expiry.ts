import { rm } from 'node:fs/promises';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TaskServiceConfig } from '../config/task.config';
import { ExportRepository } from './export.repository';

/** ready exports expired per transaction */
const BATCH = 100;

/**
 * Every TASK_EXPORT_EXPIRY_SCAN_INTERVAL_MS: exports ready for longer than TASK_EXPORT_TTL_HOURS are marked expired and
 * their files deleted, in one transaction (a file that cannot be deleted rolls its batch back for the next run; rows
 * are taken with SKIP LOCKED, so instances running it at once share the work).
 */
@Injectable()
export class ExportExpiry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ExportExpiry.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly config: TaskServiceConfig,
    private readonly dataSource: DataSource,
    private readonly exports: ExportRepository,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.exportExpiryScanIntervalMs === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.run()
        .catch((error: unknown) => this.logger.warn(`export expiry failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running = undefined;
        });
    }, this.config.exportExpiryScanIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Expires what is due; the number of exports expired. */
  async run(): Promise<number> {
    let expired = 0;
    for (;;) {
      const files = await this.dataSource.transaction(async (manager) => {
        const paths = await this.exports.expire(manager, BATCH);
        for (const path of paths) await rm(path, { force: true });
        return paths;
      });
      expired += files.length;
      if (files.length < BATCH) return expired;
    }
  }
}
