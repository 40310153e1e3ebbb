import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountDeletionRepository } from './account-deletion.repository';
import { askSteps } from './deletion-requests';
import { type Deletion, type ReportedStep, stepsToResume } from './deletion-saga';
import { DeletionNotFoundException, DeletionNotRunningException } from './deletions.errors';

/**
 * An operator's resume of a stuck deletion (the admin route and `auth-admin deletion resume`): asks again, in one
 * transaction, for the steps not done (auth.user.deletion_requested.v1 while task or notification is open, else
 * auth.user.profile_erasure_requested.v1). The services apply each deletion once per step, so a step already done
 * changes nothing. 404 for an unknown id, 409 once the deletion has completed.
 */
@Injectable()
export class DeletionResume {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deletions: AccountDeletionRepository,
  ) {}

  async resume(id: string): Promise<{ deletion: Deletion; asked: readonly ReportedStep[] }> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.deletions.byId(manager, id, true);
      if (!found) throw new DeletionNotFoundException(id);
      const steps = stepsToResume(found);
      if (steps.length === 0) throw new DeletionNotRunningException(id);
      const asked = await askSteps(manager, found, steps, new Date());
      await this.deletions.save(manager, asked);
      return { deletion: asked, asked: steps };
    });
  }
}
