import {
  type FieldChangeV1,
  TASK_TASK_ASSIGNED_V1,
  TASK_TASK_CREATED_V1,
  TASK_TASK_DELETED_V1,
  TASK_TASK_STATUS_CHANGED_V1,
  TASK_TASK_UPDATED_V1,
  type TaskTaskAssignedV1,
  type TaskTaskCreatedV1,
} from '@taskhub/contracts';
import { type OutboxEntry, writeAllToOutbox, writeToOutbox } from '@taskhub/platform-messaging';
import { type EntityManager } from 'typeorm';
import { type Task } from './task';

/** The task.* events of a change, written in its transaction: each exists if and only if the change commits. */

/** task.task.created.v1, and task.task.assigned.v1 when it has assignees (for writeWithOutbox or writeAllToOutbox). */
export function createdEvents(task: Task, by: string): OutboxEntry[] {
  const assigneeIds = task.assignees.map((a) => a.id);
  const created: OutboxEntry<TaskTaskCreatedV1> = {
    contract: TASK_TASK_CREATED_V1,
    data: {
      taskId: task.id,
      projectId: task.projectId,
      number: task.number,
      key: task.key,
      title: task.title,
      status: task.status,
      priority: task.priority,
      assigneeIds,
      labelIds: task.labels.map((l) => l.id),
      parentId: task.parentId,
      dueAt: task.dueAt,
      createdBy: by,
    },
  };
  const assigned = assignedEntry(task, assigneeIds, by);
  return assigned ? [created, assigned] : [created];
}

/**
 * task.task.updated.v1 with the changes; task.task.assigned.v1 for the assignees this change added, if any;
 * task.task.status_changed.v1 when the status changed.
 */
export async function publishUpdated(manager: EntityManager, before: Task, after: Task, changes: FieldChangeV1[], by: string): Promise<void> {
  await writeToOutbox(manager, TASK_TASK_UPDATED_V1, { taskId: after.id, projectId: after.projectId, version: after.version, changes, updatedBy: by });
  const had = new Set(before.assignees.map((a) => a.id));
  await publishAssigned(manager, after, after.assignees.map((a) => a.id).filter((id) => !had.has(id)), by);
  if (before.status !== after.status) {
    await writeToOutbox(manager, TASK_TASK_STATUS_CHANGED_V1, {
      taskId: after.id,
      projectId: after.projectId,
      key: after.key,
      title: after.title,
      from: before.status,
      to: after.status,
      changedBy: by,
    });
  }
}

export async function publishDeleted(manager: EntityManager, task: { taskId: string; projectId: string }, restorableUntil: string, by: string): Promise<void> {
  await writeToOutbox(manager, TASK_TASK_DELETED_V1, { taskId: task.taskId, projectId: task.projectId, deletedBy: by, restorableUntil });
}

async function publishAssigned(manager: EntityManager, task: Task, added: readonly string[], by: string): Promise<void> {
  const entry = assignedEntry(task, added, by);
  if (entry) await writeAllToOutbox(manager, [entry]);
}

function assignedEntry(task: Task, added: readonly string[], by: string): OutboxEntry<TaskTaskAssignedV1> | undefined {
  if (added.length === 0) return undefined;
  return {
    contract: TASK_TASK_ASSIGNED_V1,
    data: { taskId: task.id, projectId: task.projectId, key: task.key, title: task.title, assigneeIds: [...added], assignedBy: by },
  };
}
