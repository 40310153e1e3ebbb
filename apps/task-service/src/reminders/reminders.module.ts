import { Module } from '@nestjs/common';
import { DueReminderMetrics } from './due-reminder-metrics';
import { DueReminderScanner } from './due-reminder-scanner';
import { DueReminderSchedule } from './due-reminder-schedule';
import { DueReminderRepository } from './due-reminder.repository';

/** Due-date reminders: the scheduled scan that emits task.task.due_soon.v1 (docs/tasks.md#due-date-reminders). */
@Module({
  providers: [DueReminderRepository, DueReminderScanner, DueReminderSchedule, DueReminderMetrics],
  exports: [DueReminderScanner],
})
export class RemindersModule {}
