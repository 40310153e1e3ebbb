import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { errorMessage, PeriodicJob } from '@taskhub/platform-health';
import { servesApi } from '@taskhub/platform-config';
import { TaskServiceConfig } from '../config/task.config';
import { DueReminderMetrics } from './due-reminder-metrics';
import { DueReminderScanner } from './due-reminder-scanner';

/**
 * Runs the due-date scan every TASK_DUE_REMINDER_SCAN_INTERVAL_MS on every api instance (the scan's lock lets one through
 * at a time, counted in DueReminderMetrics); a scan still running when the next is due is not doubled; a failed scan is logged and the next retries.
 */
@Injectable()
export class DueReminderSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DueReminderSchedule.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly config: TaskServiceConfig,
    scanner: DueReminderScanner,
    metrics: DueReminderMetrics,
  ) {
    this.job = new PeriodicJob(async () => metrics.count(await scanner.scan()), {
      intervalMs: config.dueReminderScanIntervalMs,
      onError: (error) => this.logger.warn(`due-date scan failed: ${errorMessage(error)}`),
    });
  }

  onApplicationBootstrap(): void {
    if (servesApi(this.config)) this.job.start(); // an api process's job (PROCESS_ROLE api or all)
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}
