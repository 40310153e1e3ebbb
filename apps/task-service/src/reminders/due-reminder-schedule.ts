import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { TaskServiceConfig } from '../config/task.config';
import { DueReminderScanner } from './due-reminder-scanner';

/**
 * Runs the due-date scan every TASK_DUE_REMINDER_SCAN_INTERVAL_MS on every instance (the scan's lock lets one through
 * at a time); a scan still running when the next is due is not doubled; a failed scan is logged and the next retries.
 */
@Injectable()
export class DueReminderSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DueReminderSchedule.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly config: TaskServiceConfig,
    private readonly scanner: DueReminderScanner,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.dueReminderScanIntervalMs === 0) return;
    this.timer = setInterval(() => this.tick(), this.config.dueReminderScanIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.scanner
      .scan()
      .catch((error: unknown) => this.logger.warn(`due-date scan failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.running = undefined));
  }
}
