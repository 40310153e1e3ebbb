import { Injectable, Logger } from '@nestjs/common';
import { TASK_TASK_DUE_SOON_V1 } from '@taskhub/contracts';
import { writeToOutbox } from '@taskhub/platform-messaging';
import { DataSource } from 'typeorm';
import { DueReminderRepository } from './due-reminder.repository';

/**
 * The key of the transaction-scoped advisory lock one scan holds (`pg_try_advisory_xact_lock`): any other
 * instance's scan at the same moment finds it taken and skips its turn. Two ints: the task service's lock space, then
 * this job.
 */
export const DUE_REMINDER_LOCK: readonly [number, number] = [3003, 1];
/** reminders claimed per transaction: a scan that finds more commits and goes on with the next batch */
const BATCH = 500;
/** claims of due dates this many days past are deleted (they can no longer be claimed) */
const PRUNE_AFTER_DAYS = 1;

/**
 * Emits task.task.due_soon.v1 once per task, due date and window: each claim row and its outbox row are written in
 * one transaction, under an advisory lock so only one instance scans at a time; the claim's primary key would hold
 * even without the lock.
 */
@Injectable()
export class DueReminderScanner {
  private readonly logger = new Logger(DueReminderScanner.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly reminders: DueReminderRepository,
  ) {}

  /** One scan: the number of reminders it emitted, or null when another instance was scanning. */
  async scan(): Promise<number | null> {
    let emitted = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const [{ locked }] = await manager.query<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock($1, $2) AS locked`, [...DUE_REMINDER_LOCK]);
        if (!locked) return null;
        if (emitted === 0) await this.reminders.pruneBefore(manager, PRUNE_AFTER_DAYS);
        const claimed = await this.reminders.claimDue(manager, BATCH);
        for (const reminder of claimed) await writeToOutbox(manager, TASK_TASK_DUE_SOON_V1, reminder);
        return claimed.length;
      });
      if (batch === null) return emitted === 0 ? null : emitted;
      emitted += batch;
      if (batch < BATCH) break;
    }
    if (emitted > 0) this.logger.log(`${emitted} due-date reminder(s) emitted`);
    return emitted;
  }
}
