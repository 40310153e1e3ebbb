import { Injectable } from '@nestjs/common';
import { type FieldChangeV1 } from '@taskhub/contracts';
import { type OutboxEntry, writeWithOutbox } from '@taskhub/platform-messaging';
import { type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { uuidv7Time } from './partitions/activity-months';
import { ProjectGenerations } from '../caching/project-generations';

export const ACTIVITY_ACTIONS = [
  'project.created',
  'project.updated',
  'project.archived',
  'project.unarchived',
  'member.added',
  'member.role_changed',
  'member.removed',
  'label.created',
  'label.updated',
  'label.deleted',
  'task.created',
  'task.updated',
  'task.deleted',
  'task.restored',
  'comment.added',
  'comment.edited',
  'comment.deleted',
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

export interface ActivityEntry {
  readonly projectId: string;
  /** the task it concerns (its comments included) */
  readonly taskId?: string | null;
  readonly actorId: string;
  readonly action: ActivityAction;
  readonly changes?: readonly FieldChangeV1[];
}

/**
 * Writes the history in the transaction of the change itself (pass its manager), so every committed change has its
 * entry and no rolled-back one does. The actor's display name is copied from the people read model as it is now:
 * the history shows names as they were. `created_at` is the time in the id, so the id order (the pages' order) and the
 * time order (the month partitions) agree: a page's time bounds then prune exactly (activity-page.query.ts).
 * Every entry is also the single hook for "project P changed": P's generation is bumped after the commit (before
 * the transaction resolves), which retires its cached lists and stats.
 */
@Injectable()
export class ActivityLog {
  constructor(private readonly generations: ProjectGenerations) {}

  /** `events`: the change's outbox events, written by the same statement (one round trip for both). */
  async record(manager: EntityManager, entry: ActivityEntry, events: readonly OutboxEntry[] = []): Promise<void> {
    this.generations.bumpAfterCommit(manager, entry.projectId);
    const id = uuidv7();
    await writeWithOutbox(
      manager,
      `INSERT INTO activity (id, project_id, task_id, actor_id, actor_name, action, changes, created_at)
       VALUES ($1, $2, $3, $4, (SELECT display_name FROM person WHERE id = $4), $5, $6, $7)`,
      [id, entry.projectId, entry.taskId ?? null, entry.actorId, entry.action, JSON.stringify(entry.changes ?? []), uuidv7Time(id)],
      events,
    );
  }
}
