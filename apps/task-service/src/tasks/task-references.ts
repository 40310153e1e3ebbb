import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { TASK_LIMITS } from './task';
import { TaskRepository } from './task.repository';
import {
  AssigneeNotMemberException,
  DatesReversedException,
  LabelNotInProjectException,
  ParentCycleException,
  ParentDeletedException,
  ParentNotInProjectException,
  TooDeepException,
} from './tasks.errors';

/** How far the hierarchy queries walk: past the limit, so a breach is seen, and bounded whatever the data holds. */
const WALK_LIMIT = TASK_LIMITS.MAX_DEPTH + 1;

/**
 * The rules of a task's fields that the database answers: assignees are members, labels and the parent belong to the
 * project, the parent is alive, and the subtask tree stays acyclic and at most five levels deep. Each breach is a 400
 * naming the field. Callers hold the project row's lock when they check assignees or the parent, so a concurrent
 * member removal or move cannot slip between the check and the write.
 */
@Injectable()
export class TaskReferences {
  constructor(private readonly tasks: TaskRepository) {}

  async checkAssignees(manager: EntityManager, projectId: string, userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    const members = await this.tasks.membersAmong(manager, projectId, userIds);
    const outsiders = userIds.filter((id) => !members.has(id));
    if (outsiders.length > 0) throw new AssigneeNotMemberException(outsiders);
  }

  async checkLabels(manager: EntityManager, projectId: string, labelIds: readonly string[]): Promise<void> {
    if (labelIds.length === 0) return;
    const labels = await this.tasks.labelsAmong(manager, projectId, labelIds);
    const foreign = labelIds.filter((id) => !labels.has(id));
    if (foreign.length > 0) throw new LabelNotInProjectException(foreign);
  }

  /** `parentId` as the parent of `taskId` (a new task when undefined). */
  async checkParent(manager: EntityManager, projectId: string, parentId: string, taskId?: string): Promise<void> {
    const parent = await this.tasks.parentCandidate(manager, parentId);
    if (!parent || parent.projectId !== projectId) throw new ParentNotInProjectException(parentId);
    if (parent.deleted) throw new ParentDeletedException(parentId);
    const lineage = await this.tasks.lineage(manager, parentId, WALK_LIMIT);
    if (taskId !== undefined && lineage.includes(taskId)) throw new ParentCycleException(parentId);
    const levels = lineage.length + (taskId === undefined ? 1 : await this.tasks.subtreeLevels(manager, taskId, WALK_LIMIT));
    if (levels > TASK_LIMITS.MAX_DEPTH) throw new TooDeepException(levels);
  }
}

/** startAt not after dueAt when both are set; the 400 names the field the request sent (dueAt when it sent both). */
export function checkSchedule(startAt: string | null, dueAt: string | null, sent: { startAt?: unknown; dueAt?: unknown }): void {
  if (startAt === null || dueAt === null || startAt <= dueAt) return;
  throw new DatesReversedException(sent.dueAt !== undefined ? 'dueAt' : 'startAt');
}
