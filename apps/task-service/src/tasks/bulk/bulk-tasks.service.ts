import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser } from '@taskhub/platform-auth';
import { DomainException } from '@taskhub/platform-errors';
import { DataSource, type EntityManager } from 'typeorm';
import { ProjectAccess } from '../../access/project-access';
import { idSet, type Task } from '../task';
import { type TaskChange, locksProject, TaskChanger } from '../task-changer';
import { BulkTaskRefusedException, EmptyBulkSetException } from './bulk-update.errors';
import { type BulkUpdateRequestDto } from './bulk-update.request.dto';

export interface BulkUpdateResult {
  readonly changed: Task[];
  readonly unchanged: string[];
}

/**
 * The same change on up to 100 tasks in one transaction: each task is checked and changed by the single PATCH's rules
 * (ProjectAccess, TaskChanger: its history entry and events, nothing for a task already so), and the first refusal
 * rolls back all of them. Locks are taken in a stable order, projects by id then tasks by id (the order a single
 * change takes them in), so two bulk edits over overlapping tasks wait for each other instead of deadlocking.
 */
@Injectable()
export class BulkTasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly changer: TaskChanger,
  ) {}

  update(user: AuthenticatedUser, input: BulkUpdateRequestDto): Promise<BulkUpdateResult> {
    if (Object.values(input.set).every((value) => value === undefined)) throw new EmptyBulkSetException();
    const ids = idSet(input.ids);
    return this.dataSource.transaction(async (manager) => {
      if (locksProject(input.set)) await this.lockProjects(manager, user, ids);
      const changes: TaskChange[] = [];
      for (const id of ids) {
        await refusedAs(id, () => this.access.requireTask(manager, id, user.id, 'editor', { write: true, lock: true }));
        changes.push(await refusedAs(id, () => this.changer.apply(manager, user.id, id, input.set)));
      }
      return { changed: changes.filter((c) => c.changed).map((c) => c.after), unchanged: changes.filter((c) => !c.changed).map((c) => c.before.id) };
    });
  }

  /** Checks every task's access first (a refusal names the task), then locks their projects in id order. */
  private async lockProjects(manager: EntityManager, user: AuthenticatedUser, ids: readonly string[]): Promise<void> {
    const projects = new Set<string>();
    for (const id of ids) projects.add((await refusedAs(id, () => this.access.requireTask(manager, id, user.id, 'editor', { write: true }))).projectId);
    for (const projectId of [...projects].sort()) await this.access.require(manager, projectId, user.id, 'editor', { write: true, lock: true });
  }
}

async function refusedAs<T>(taskId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof DomainException ? new BulkTaskRefusedException(taskId, error) : error;
  }
}
