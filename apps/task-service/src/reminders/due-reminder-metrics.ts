import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@taskhub/platform-metrics';
import { Counter } from 'prom-client';

/** What one scheduled scan did: emitted reminders, found none due, or skipped its turn (another instance held the lock). */
export type DueReminderScanResult = 'emitted' | 'none_due' | 'skipped';

/**
 * `task_due_reminder_scans_total{result}` and `task_due_reminders_emitted_total`, per instance: summed over the
 * instances, the reminders emitted count each reminder once, however many instances scan (docs/tasks.md).
 */
@Injectable()
export class DueReminderMetrics {
  private readonly scans: Counter<'result'>;
  private readonly emitted: Counter;

  constructor(metrics: ServiceMetrics) {
    this.scans = new Counter({
      name: 'task_due_reminder_scans_total',
      help: 'Scheduled due-date scans of this instance, by result (skipped: another instance was scanning)',
      labelNames: ['result'],
      registers: [metrics.registry],
    });
    for (const result of ['emitted', 'none_due', 'skipped'] as const) this.scans.inc({ result }, 0);
    this.emitted = new Counter({
      name: 'task_due_reminders_emitted_total',
      help: 'task.task.due_soon.v1 reminders this instance wrote to the outbox',
      registers: [metrics.registry],
    });
  }

  /** One scan's outcome: the scanner's count of reminders emitted, or null when it skipped its turn. */
  count(emitted: number | null): void {
    if (emitted === null) return this.scans.inc({ result: 'skipped' });
    this.scans.inc({ result: emitted > 0 ? 'emitted' : 'none_due' });
    this.emitted.inc(emitted);
  }
}
