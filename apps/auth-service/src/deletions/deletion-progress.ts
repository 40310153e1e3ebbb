import { Injectable, Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { AccountDeletionRepository } from './account-deletion.repository';
import { AccountErasure } from './account-erasure';
import { askSteps } from './deletion-requests';
import { applyReport, type ReportedStep } from './deletion-saga';

/**
 * Applies the services' reports to the saga, in the transaction of the consumer that received them (inbox): the row
 * is locked, so the task and notification reports arriving together cannot both miss that the other is done. Every
 * report is idempotent per (deletion, step): a duplicate or a replay under a new event id changes nothing.
 */
@Injectable()
export class DeletionProgress {
  private readonly logger = new Logger(DeletionProgress.name);

  constructor(
    private readonly deletions: AccountDeletionRepository,
    private readonly erasure: AccountErasure,
  ) {}

  async reported(manager: EntityManager, step: ReportedStep, report: { deletionId: string; userId: string; erasedAt: string }): Promise<void> {
    const deletion = await this.deletions.byId(manager, report.deletionId, true);
    if (!deletion) {
      this.logger.warn(`a ${step} report for deletion ${report.deletionId}, which does not exist (purged?): ignored`);
      return;
    }
    const outcome = applyReport(deletion, step, report.userId, new Date(report.erasedAt));
    if (outcome.kind === 'ignored') {
      this.logger.log(`deletion ${deletion.id}: ${step} report ignored (${outcome.reason})`);
      return;
    }
    let next = outcome.deletion;
    if (outcome.next === 'request_profile_erasure') next = await askSteps(manager, next, ['profile'], new Date());
    if (outcome.next === 'erase_account') {
      const at = new Date();
      await this.erasure.erase(manager, deletion.userId, at);
      next = { ...next, status: 'completed', completedAt: at };
    }
    await this.deletions.save(manager, next);
    this.logger.log(`deletion ${deletion.id}: ${step} done${next.status === 'completed' ? '; the deletion has completed' : ''}`);
  }
}
