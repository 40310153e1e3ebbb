import { Injectable } from '@nestjs/common';
import { type EntityManager, LessThan } from 'typeorm';
import { AccountDeletionEntity } from './account-deletion.entity';
import { type Deletion } from './deletion-saga';

function toDeletion(e: AccountDeletionEntity): Deletion {
  return {
    id: e.id,
    userId: e.userId,
    status: e.status,
    requestedAt: e.requestedAt,
    completedAt: e.completedAt,
    steps: {
      task: { startedAt: e.taskStartedAt, completedAt: e.taskCompletedAt, attempts: e.taskAttempts },
      notification: { startedAt: e.notificationStartedAt, completedAt: e.notificationCompletedAt, attempts: e.notificationAttempts },
      profile: { startedAt: e.profileStartedAt, completedAt: e.profileCompletedAt, attempts: e.profileAttempts },
    },
  };
}

/** The account_deletion table: the saga's state, ids and times only. */
@Injectable()
export class AccountDeletionRepository {
  /** A new saga whose first stage (task and notification) is asked at `requestedAt`. */
  async insert(manager: EntityManager, input: { id: string; userId: string; requestedAt: Date }): Promise<Deletion> {
    const at = input.requestedAt;
    const entity = manager.create(AccountDeletionEntity, {
      ...input,
      status: 'running',
      completedAt: null,
      taskStartedAt: at,
      taskCompletedAt: null,
      taskAttempts: 1,
      notificationStartedAt: at,
      notificationCompletedAt: null,
      notificationAttempts: 1,
      profileStartedAt: null,
      profileCompletedAt: null,
      profileAttempts: 0,
    });
    return toDeletion(await manager.save(entity));
  }

  async byId(manager: EntityManager, id: string, lock = false): Promise<Deletion | undefined> {
    const entity = await manager.findOne(AccountDeletionEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    return entity ? toDeletion(entity) : undefined;
  }

  async runningOf(manager: EntityManager, userId: string): Promise<Deletion | undefined> {
    const entity = await manager.findOne(AccountDeletionEntity, { where: { userId, status: 'running' } });
    return entity ? toDeletion(entity) : undefined;
  }

  /** Writes the saga's state as `deletion` holds it (after applyReport / a resume / completion). */
  async save(manager: EntityManager, deletion: Deletion): Promise<void> {
    const { task, notification, profile } = deletion.steps;
    await manager.update(
      AccountDeletionEntity,
      { id: deletion.id },
      {
        status: deletion.status,
        completedAt: deletion.completedAt,
        taskStartedAt: task.startedAt,
        taskCompletedAt: task.completedAt,
        taskAttempts: task.attempts,
        notificationStartedAt: notification.startedAt,
        notificationCompletedAt: notification.completedAt,
        notificationAttempts: notification.attempts,
        profileStartedAt: profile.startedAt,
        profileCompletedAt: profile.completedAt,
        profileAttempts: profile.attempts,
      },
    );
  }

  /** Newest first, at most `limit`, requested before `before` (the previous page's last requestedAt). */
  async page(manager: EntityManager, before: Date | undefined, limit: number): Promise<Deletion[]> {
    const entities = await manager.find(AccountDeletionEntity, {
      where: before ? { requestedAt: LessThan(before) } : {},
      order: { requestedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    return entities.map(toDeletion);
  }

  /** Every running saga (few: each completes within minutes unless stuck). */
  async running(manager: EntityManager): Promise<Deletion[]> {
    return (await manager.find(AccountDeletionEntity, { where: { status: 'running' } })).map(toDeletion);
  }

  /** Deletes completed sagas older than `days` (a bounded batch); returns how many. */
  async purgeCompleted(manager: EntityManager, days: number, batch: number): Promise<number> {
    const [, count] = await manager.query<[unknown, number]>(
      `DELETE FROM account_deletion WHERE id IN (
         SELECT id FROM account_deletion WHERE status = 'completed' AND completed_at < clock_timestamp() - make_interval(days => $1) LIMIT $2)`,
      [days, batch],
    );
    return count;
  }
}
